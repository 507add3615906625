import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyJsonPatch, kustomizeBuild } from './kustomize';

/** Writes `files` (path → text) under a fresh directory and returns it. */
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomize-spec-'));
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), text);
  }
  return root;
}

const K = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';
const deployment = (name: string, image = 'app:1.0') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: init\n          image: ${image}\n      containers:\n        - name: main\n          image: ${image}\n        - name: side\n          image: other:2\n`;
const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  A: "1"\n`;

describe('applyJsonPatch (RFC 6902)', () => {
  const doc = { a: { b: 1, 'x/y': 2, 'm~n': 3 }, list: [1, 2, 3] };

  it('adds, replaces, removes and tests, with escaped pointers and array positions, on a copy', () => {
    const out = applyJsonPatch(doc, [
      { op: 'add', path: '/a/c', value: { d: true } },
      { op: 'replace', path: '/a/x~1y', value: 20 },
      { op: 'remove', path: '/a/m~0n' },
      { op: 'add', path: '/list/1', value: 9 },
      { op: 'add', path: '/list/-', value: 4 },
      { op: 'remove', path: '/list/0' },
      { op: 'test', path: '/a/b', value: 1 },
    ]);
    expect(out).toEqual({ a: { b: 1, 'x/y': 20, c: { d: true } }, list: [9, 2, 3, 4] });
    expect(doc).toEqual({ a: { b: 1, 'x/y': 2, 'm~n': 3 }, list: [1, 2, 3] });
  });

  it.each([
    [{ op: 'replace', path: '/a/missing', value: 1 }, /no such member/],
    [{ op: 'remove', path: '/list/3' }, /not an index/],
    [{ op: 'add', path: '/nope/x', value: 1 }, /nope does not exist/],
    [{ op: 'add', path: '/list/5', value: 1 }, /not an index/],
    [{ op: 'test', path: '/a/b', value: 2 }, /is not 2/],
    [{ op: 'move', path: '/a/b' }, /not implemented/],
  ] as const)('refuses %j', (op, message) => {
    expect(() => applyJsonPatch(doc, [op as never])).toThrow(message);
  });
});

describe('kustomizeBuild', () => {
  it('renders resources in order, directories through their own kustomization, then patches and images', () => {
    const root = tree({
      'base/kustomization.yaml': `${K}resources:\n  - app.yaml\n  - cm.yaml\n`,
      'base/app.yaml': `${deployment('web')}---\n${deployment('worker')}`,
      'base/cm.yaml': configMap('settings'),
      'overlay/kustomization.yaml':
        `${K}resources:\n  - ../base\n  - extra.yaml\n` +
        'patches:\n  - target:\n      kind: ConfigMap\n      name: settings\n    patch: |\n      - op: replace\n        path: /data/A\n        value: "2"\n' +
        '  - target:\n      group: apps\n      kind: Deployment\n    path: replicas.yaml\n' +
        'images:\n  - name: app\n    newName: registry.example/app\n    newTag: "2.0"\n',
      'overlay/extra.yaml': configMap('extra'),
      'overlay/replicas.yaml': '- op: add\n  path: /spec/replicas\n  value: 3\n',
    });
    const objects = kustomizeBuild(path.join(root, 'overlay')) as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Deployment/web', 'Deployment/worker', 'ConfigMap/settings', 'ConfigMap/extra']);
    expect(objects[2].data).toEqual({ A: '2' });
    expect(objects[3].data).toEqual({ A: '1' });
    expect(objects.slice(0, 2).map((o) => o.spec.replicas)).toEqual([3, 3]);
    expect(objects[0].spec.template.spec.initContainers[0].image).toBe('registry.example/app:2.0');
    expect(objects[0].spec.template.spec.containers.map((c: { image: string }) => c.image)).toEqual(['registry.example/app:2.0', 'other:2']);
  });

  it('reads resource files as YAML 1.1, as the API server does', () => {
    const root = tree({ 'k/kustomization.yaml': `${K}resources:\n  - cm.yaml\n`, 'k/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  FLAG: off\n' });
    expect(kustomizeBuild(path.join(root, 'k'))[0].data).toEqual({ FLAG: false });
  });

  it('keeps an image tag when only the name changes, and leaves a registry port alone', () => {
    const root = tree({
      'k/kustomization.yaml': `${K}resources:\n  - d.yaml\nimages:\n  - name: registry:5000/app\n    newName: mirror/app\n`,
      'k/d.yaml': deployment('web', 'registry:5000/app:1.0'),
    });
    const [d] = kustomizeBuild(path.join(root, 'k')) as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(d.spec.template.spec.containers[0].image).toBe('mirror/app:1.0');
  });

  it.each([
    ['a field it does not implement', `${K}resources:\n  - cm.yaml\nnamespace: other\n`, /does not implement: namespace/],
    ['a strategic merge patch', `${K}resources:\n  - cm.yaml\npatches:\n  - target:\n      kind: ConfigMap\n    patch: |\n      data:\n        A: "3"\n`, /strategic merge/],
    ['a patch that matches nothing', `${K}resources:\n  - cm.yaml\npatches:\n  - target:\n      kind: Secret\n    patch: |\n      - op: remove\n        path: /data\n`, /matches no resource/],
    ['a target selector it does not implement', `${K}resources:\n  - cm.yaml\npatches:\n  - target:\n      labelSelector: a=b\n    patch: "[]"\n`, /does not implement: labelSelector/],
    ['a file outside its directory', `${K}resources:\n  - ../outside.yaml\n`, /outside the kustomization's directory/],
    ['a resource twice', `${K}resources:\n  - cm.yaml\n  - again.yaml\n`, /appears more than once/],
    ['a missing resource', `${K}resources:\n  - gone.yaml\n`, /does not exist/],
  ])('refuses %s', (_what, kustomization, message) => {
    const root = tree({ 'k/kustomization.yaml': kustomization, 'k/cm.yaml': configMap('c'), 'k/again.yaml': configMap('c'), 'outside.yaml': configMap('o') });
    expect(() => kustomizeBuild(path.join(root, 'k'))).toThrow(message);
  });
});
