import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseAsKubernetes } from './yaml-versions';

// `kustomize build` for the part of kustomize that deploy/k8s uses, so the tests can render every overlay
// on a machine without kubectl or kustomize. It follows kustomize's documented semantics for those fields
// and refuses everything else by name, so a kustomization this renderer cannot build faithfully fails the
// tests instead of being rendered wrongly:
// - `resources`: files (inside the kustomization's own directory, as kustomize's default load restrictor
//   demands) and directories holding a kustomization, rendered first, in order;
// - `patches` with JSON 6902 operations (add, remove, replace, test), inline or from a file, and a target of
//   group, version, kind, name and namespace (anchored regular expressions, as in kustomize). Stricter than
//   kustomize: a patch whose target matches nothing is an error, not a no-op;
// - `images`: `newName` and `newTag` of every container and init container whose image has that name.
// Resource ids (group, kind, namespace, name) must be unique, as kustomize requires.

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'test';
  path: string;
  value?: unknown;
}

export interface Kustomization {
  apiVersion: 'kustomize.config.k8s.io/v1beta1';
  kind: 'Kustomization';
  resources?: string[];
  patches?: { target: PatchTarget; patch?: string; path?: string }[];
  images?: { name: string; newName?: string; newTag?: string }[];
}

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const SUPPORTED_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'patches', 'images']);

/** The objects `kustomize build <dir>` prints, in resource order (kustomize itself sorts them by kind). */
export function kustomizeBuild(dir: string): K8sObject[] {
  const file = KUSTOMIZATION_FILES.map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (!file) throw new Error(`${dir}: no kustomization.yaml`);
  const k = parse(fs.readFileSync(file, 'utf8')) as Kustomization;
  if (k.apiVersion !== 'kustomize.config.k8s.io/v1beta1' || k.kind !== 'Kustomization') throw new Error(`${file}: not a kustomize.config.k8s.io/v1beta1 Kustomization`);
  const unsupported = Object.keys(k).filter((f) => !SUPPORTED_FIELDS.has(f));
  if (unsupported.length) throw new Error(`${file}: fields this renderer does not implement: ${unsupported.join(', ')}`);

  const objects: K8sObject[] = [];
  for (const entry of k.resources ?? []) {
    const target = path.resolve(dir, entry);
    if (!fs.existsSync(target)) throw new Error(`${file}: resource ${entry} does not exist`);
    if (fs.statSync(target).isDirectory()) {
      objects.push(...kustomizeBuild(target));
    } else {
      objects.push(...parseAsKubernetes(readInside(dir, entry, file)).filter((o) => o != null).map((o) => o as K8sObject));
    }
  }
  assertUniqueIds(objects, file);

  for (const [i, p] of (k.patches ?? []).entries()) {
    if ((p.patch === undefined) === (p.path === undefined)) throw new Error(`${file}: patches[${i}] needs exactly one of patch and path`);
    const text = p.patch ?? readInside(dir, p.path!, file);
    const ops = parse(text) as unknown;
    if (!Array.isArray(ops)) throw new Error(`${file}: patches[${i}] is a strategic merge patch; only JSON 6902 patches are implemented`);
    const matched = objects.filter((o) => matches(o, p.target));
    if (matched.length === 0) throw new Error(`${file}: patches[${i}] matches no resource (${JSON.stringify(p.target)})`);
    for (const o of matched) {
      const patched = applyJsonPatch(o, ops as JsonPatchOperation[]);
      objects[objects.indexOf(o)] = patched as K8sObject;
    }
  }
  assertUniqueIds(objects, file);

  for (const image of k.images ?? []) setImage(objects, image);
  return objects;
}

function readInside(dir: string, entry: string, file: string): string {
  const target = path.resolve(dir, entry);
  if (path.relative(dir, target).startsWith('..')) {
    throw new Error(`${file}: ${entry} is outside the kustomization's directory (kustomize refuses it; reference a directory with its own kustomization)`);
  }
  return fs.readFileSync(target, 'utf8');
}

function groupVersion(o: K8sObject): { group: string; version: string } {
  const [a, b] = o.apiVersion.split('/');
  return b === undefined ? { group: '', version: a } : { group: a, version: b };
}

const anchored = (pattern: string, value: string) => new RegExp(`^(?:${pattern})$`).test(value);

function matches(o: K8sObject, t: PatchTarget): boolean {
  const unknown = Object.keys(t).filter((f) => !['group', 'version', 'kind', 'name', 'namespace'].includes(f));
  if (unknown.length) throw new Error(`patch target fields this renderer does not implement: ${unknown.join(', ')}`);
  const { group, version } = groupVersion(o);
  return (
    (t.group === undefined || anchored(t.group, group)) &&
    (t.version === undefined || anchored(t.version, version)) &&
    (t.kind === undefined || anchored(t.kind, o.kind)) &&
    (t.name === undefined || anchored(t.name, o.metadata.name)) &&
    (t.namespace === undefined || anchored(t.namespace, o.metadata.namespace ?? ''))
  );
}

function assertUniqueIds(objects: K8sObject[], file: string): void {
  const seen = new Set<string>();
  for (const o of objects) {
    const id = `${groupVersion(o).group}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    if (seen.has(id)) throw new Error(`${file}: resource ${id} appears more than once`);
    seen.add(id);
  }
}

/** RFC 6902 on a copy of `document`; a failing operation throws, naming its path. */
export function applyJsonPatch(document: unknown, operations: JsonPatchOperation[]): unknown {
  let doc = structuredClone(document);
  for (const op of operations) {
    const tokens = pointer(op.path);
    if (tokens.length === 0) {
      if (op.op === 'add' || op.op === 'replace') doc = structuredClone(op.value);
      else throw new Error(`${op.op} on the whole document is not supported`);
      continue;
    }
    const parent = resolve(doc, tokens.slice(0, -1), op.path);
    const last = tokens[tokens.length - 1];
    switch (op.op) {
      case 'add':
        if (Array.isArray(parent)) {
          const index = last === '-' ? parent.length : arrayIndex(last, parent.length + 1, op.path);
          parent.splice(index, 0, structuredClone(op.value));
        } else {
          (parent as Record<string, unknown>)[last] = structuredClone(op.value);
        }
        break;
      case 'replace':
      case 'remove': {
        if (Array.isArray(parent)) {
          const index = arrayIndex(last, parent.length, op.path);
          if (op.op === 'remove') parent.splice(index, 1);
          else parent[index] = structuredClone(op.value);
        } else {
          if (!Object.prototype.hasOwnProperty.call(parent, last)) throw new Error(`${op.op} ${op.path}: no such member`);
          if (op.op === 'remove') delete (parent as Record<string, unknown>)[last];
          else (parent as Record<string, unknown>)[last] = structuredClone(op.value);
        }
        break;
      }
      case 'test': {
        const actual = Array.isArray(parent) ? parent[arrayIndex(last, parent.length, op.path)] : (parent as Record<string, unknown>)[last];
        if (JSON.stringify(actual) !== JSON.stringify(op.value)) throw new Error(`test ${op.path}: ${JSON.stringify(actual)} is not ${JSON.stringify(op.value)}`);
        break;
      }
      default:
        throw new Error(`JSON patch operation ${(op as { op: string }).op} is not implemented`);
    }
  }
  return doc;
}

function pointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw new Error(`${p}: a JSON pointer starts with /`);
  return p.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function resolve(doc: unknown, tokens: string[], full: string): object {
  let at: unknown = doc;
  for (const t of tokens) {
    if (Array.isArray(at)) at = at[arrayIndex(t, at.length, full)];
    else if (at !== null && typeof at === 'object' && Object.prototype.hasOwnProperty.call(at, t)) at = (at as Record<string, unknown>)[t];
    else throw new Error(`${full}: ${t} does not exist`);
  }
  if (at === null || typeof at !== 'object') throw new Error(`${full}: the parent is not an object or array`);
  return at;
}

function arrayIndex(token: string, limit: number, full: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(token) || Number(token) >= limit) throw new Error(`${full}: ${token} is not an index of the array`);
  return Number(token);
}

/** kustomize's image transformer: `name[:tag][@digest]` whose name equals `image.name`. */
function setImage(objects: K8sObject[], image: { name: string; newName?: string; newTag?: string }): void {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) {
        for (const c of value as { image?: string }[]) {
          if (!c.image) continue;
          const m = /^(.*?)(?::([^:/@]+))?(@.*)?$/.exec(c.image)!;
          if (m[1] !== image.name) continue;
          c.image = `${image.newName ?? m[1]}${image.newTag !== undefined ? `:${image.newTag}` : m[2] !== undefined ? `:${m[2]}` : ''}${m[3] ?? ''}`;
        }
      } else {
        visit(value);
      }
    }
  };
  visit(objects);
}
