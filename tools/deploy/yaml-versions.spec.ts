import { parseAllDocuments } from 'yaml';
import { parseAsKubernetes, portableYaml, yamlVersionDifferences } from './yaml-versions';

/** Strings that YAML 1.1 (Kubernetes) or 1.2 reads as something else when written plain. */
const HAZARDS = ['off', 'on', 'yes', 'no', 'y', 'n', 'Y', 'N', 'True', 'OFF', '0644', '010', '0o17', '0x1F', '1:30', '1_000', '2001-12-14', '~', 'null', '.inf', '+12', '3.0'];

describe('yamlVersionDifferences', () => {
  it('names every plain scalar that changes type between YAML 1.1 and 1.2', () => {
    const text = 'data:\n  A: off\n  B: y\n  C: 0644\n  D: 1:30\n  E: 2001-12-14\n  F: plain\n  G: "off"\n';
    expect(yamlVersionDifferences(text)).toEqual([
      'doc[0].data.A: boolean false under YAML 1.1, string "off" under 1.2',
      'doc[0].data.B: boolean true under YAML 1.1, string "y" under 1.2',
      'doc[0].data.C: number 420 under YAML 1.1, number 644 under 1.2',
      'doc[0].data.D: number 90 under YAML 1.1, string "1:30" under 1.2',
      'doc[0].data.E: timestamp 2001-12-14T00:00:00.000Z under YAML 1.1, string "2001-12-14" under 1.2',
    ]);
  });

  it('finds keys that change too, in every document', () => {
    expect(yamlVersionDifferences('a: 1\n---\nn: 1\n')).toEqual([
      'doc[1].false: number 1 under YAML 1.1, undefined undefined under 1.2',
      'doc[1].n: undefined undefined under YAML 1.1, number 1 under 1.2',
    ]);
  });
});

describe('portableYaml', () => {
  it('writes every hazard so that both versions read the string back, and leaves other text plain', () => {
    const data = Object.fromEntries(HAZARDS.map((h, i) => [`K${i}`, h]));
    const text = portableYaml([{ data, n: 'key named n', plain: 'wdp-kafka-kafka-bootstrap.kafka.svc:9092', version: '0.1.0', multi: 'a\nb: c\n' }]);
    expect(yamlVersionDifferences(text)).toEqual([]);
    expect(parseAsKubernetes(text)).toEqual([{ data, n: 'key named n', plain: 'wdp-kafka-kafka-bootstrap.kafka.svc:9092', version: '0.1.0', multi: 'a\nb: c\n' }]);
    expect(text).toContain('  K0: "off"\n');
    expect(text).toContain('"n": key named n\n');
    expect(text).toContain('plain: wdp-kafka-kafka-bootstrap.kafka.svc:9092\n');
    expect(parseAllDocuments(text)).toHaveLength(1);
  });
});
