'use strict';
// Compiles the services (and the migration Job's entry) to plain JavaScript for the runtime image, with swc:
// the same .swcrc as jest and swc-node (decorator metadata, which Nest's injection and the config classes
// read), plus the tsconfig path aliases rewritten to relative requires, so the output runs on node alone.
// Only what an entry point requires is compiled (no specs, no test helpers), with the files it reads at run
// time. The output mirrors the repository (dist/apps/<service>/src/main.js), so `dist/` is the image's /app.
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const ROOT = path.resolve(__dirname, '..', '..');

const SERVICES = require(path.join(ROOT, 'scripts', 'lib', 'services.cjs')).SERVICES.map((s) => s.name);

/** Every runtime entry: the seven services and the migration Job (tools/deploy/migrate.ts <service>). */
const ALL_ENTRIES = [...SERVICES.map((name) => `apps/${name}/src/main.ts`), 'tools/deploy/migrate.ts'];

/**
 * Files read from disk at run time, copied when the build compiles anything under `when`:
 * the area reference and the areas above the district (libs/contracts' loaders, default paths under the working
 * directory), the
 * dashboard's page files (read from beside dashboard-assets.js at start) and the plan documents the monitoring
 * service seeds its plan registry with (read relative to seed-files.js).
 */
const ASSETS = [
  { from: 'deploy/reference/areas.json', when: 'libs/contracts/src/vocabulary/area-loader.ts' },
  { from: 'deploy/reference/reference-areas.json', when: 'libs/contracts/src/vocabulary/reference-area.ts' },
  { from: 'apps/monitoring-service/src/dashboard/public', when: 'apps/monitoring-service/src/dashboard/dashboard-assets.ts' },
  { from: 'libs/plans/plans', when: 'apps/monitoring-service/src/plans/seed-files.ts' },
];

function swcOptions(root) {
  const rc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
  delete rc.$schema;
  const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
  return { ...rc, swcrc: false, jsc: { ...rc.jsc, baseUrl: root, paths: compilerOptions.paths } };
}

/** A relative require from `from` to the source file it names (.ts, a folder's index.ts, or a plain file). */
function resolveSource(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${path.relative(ROOT, from)}: cannot resolve ${spec}`);
}

// Several builds may write the same output at once (nx runs targets in parallel, jest workers build
// concurrently): each file appears whole through a rename, and identical builds write identical bytes.
function writeAtomically(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

function copyAsset(source, target) {
  if (fs.statSync(source).isDirectory()) {
    for (const name of fs.readdirSync(source)) copyAsset(path.join(source, name), path.join(target, name));
  } else {
    writeAtomically(target, fs.readFileSync(source));
  }
}

// swc writes the module imports it generates with double quotes but keeps a hand-written require's own quotes.
const RELATIVE_REQUIRE = /\brequire\((["'])(\.{1,2}\/[^"']*|\.{1,2})\1\)/g;

/**
 * Builds `entries` (repository-relative .ts files) and everything they require into `outDir`.
 * Returns the repository-relative files written.
 */
async function build({ root = ROOT, outDir = path.join(root, 'dist'), entries = ALL_ENTRIES } = {}) {
  const options = swcOptions(root);
  const seen = new Set();
  const queue = entries.map((e) => path.resolve(root, e));
  const written = [];
  while (queue.length) {
    const batch = [...new Set(queue.splice(0))].filter((f) => !seen.has(f));
    batch.forEach((f) => seen.add(f));
    const outputs = await Promise.all(
      batch.map(async (file) => {
        const rel = path.relative(root, file);
        if (!file.endsWith('.ts')) return { file, rel, code: fs.readFileSync(file) };
        const out = await swc.transformFile(file, { ...options, filename: file, sourceFileName: path.relative(path.dirname(path.join(outDir, rel)), file) });
        return { file, rel, code: out.code, map: out.map };
      }),
    );
    for (const { file, rel, code, map } of outputs) {
      const target = path.join(outDir, rel.replace(/\.ts$/, '.js'));
      if (map) {
        writeAtomically(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
        writeAtomically(`${target}.map`, map);
      } else {
        writeAtomically(target, code);
      }
      written.push(path.relative(outDir, target));
      if (!file.endsWith('.ts')) continue;
      for (const [, , spec] of String(code).matchAll(RELATIVE_REQUIRE)) {
        const next = resolveSource(file, spec);
        if (!seen.has(next)) queue.push(next);
      }
    }
  }
  const compiled = new Set([...seen].map((f) => path.relative(root, f)));
  for (const asset of ASSETS) {
    if (!compiled.has(asset.when)) continue;
    copyAsset(path.join(root, asset.from), path.join(outDir, asset.from));
    written.push(asset.from);
  }
  return written;
}

module.exports = { build, ALL_ENTRIES, ASSETS, ROOT };

if (require.main === module) {
  // node tools/build/build.cjs [--out <dir>] [--clean] [entry.ts ...]   (no entry: every runtime entry)
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const outDir = outAt >= 0 ? path.resolve(args[outAt + 1]) : path.join(ROOT, 'dist');
  const entries = args.filter((a, i) => !a.startsWith('--') && (outAt < 0 || i !== outAt + 1));
  if (args.includes('--clean')) fs.rmSync(outDir, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  build({ outDir, entries: entries.length ? entries : ALL_ENTRIES }).then(
    (files) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      console.log(`built ${files.length} files into ${path.relative(process.cwd(), outDir) || '.'} in ${ms.toFixed(0)} ms`);
    },
    (err) => {
      console.error(`build failed: ${err.message}`);
      process.exit(1);
    },
  );
}
