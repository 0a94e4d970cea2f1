// Checks deploy/k8s/*.yaml and deploy/docker/Dockerfile without kubectl or docker.
// Manifests: parsed as Kubernetes parses them (YAML 1.1, every document), each validated against the
// Kubernetes schema of kubernetes-models for its apiVersion/kind, then cross-checked: selectors match the
// pods, probe and Service ports exist, referenced ConfigMaps/Secrets/volumes/Services exist, every
// PARLEY_* variable is one the server reads, and kustomization.yaml lists existing files.
// Dockerfile: dockerfile-utils (errors and warnings both fail) plus this project's rules (pinned bases,
// non-root user, HEALTHCHECK, exec-form CMD, no remote ADD, lean apt-get, every workspace manifest copied).
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { validate as lintDockerfile, ValidationSeverity } from 'dockerfile-utils';

const root = path.resolve(import.meta.dirname, '..');
const rel = (file) => path.relative(root, file);
const k8sDir = path.join(root, 'deploy', 'k8s');
const dockerfile = path.join(root, 'deploy', 'docker', 'Dockerfile');
const configSource = fs.readFileSync(path.join(root, 'packages', 'server', 'src', 'config', 'config.ts'), 'utf8');
// Variables the manifests may set although config.ts does not read them (yet), with the reason.
const EXTRA_ENV = new Map([['PARLEY_CLUSTER_BUS', 'cluster event bus, being added to the server']]);

const failures = [];
/** Records a failure; `where` starts with the file's path relative to the repository root. */
function fail(where, message) {
  failures.push(`${where}: ${message}`);
  return false;
}
const checked = []; // { where, detail }: one output line per file, printed once every check has run

// ---------------------------------------------------------------- Kubernetes manifests

/** The kubernetes-models class for apiVersion/kind, or undefined when the package has none. */
async function modelFor(apiVersion, kind) {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  if (!/^([a-z0-9.-]+\/)?v\d+((alpha|beta)\d+)?$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return undefined;
  let mod;
  try {
    mod = await import(`kubernetes-models/${apiVersion}`);
  } catch {
    return undefined;
  }
  const Model = mod[kind];
  // Only top-level resources carry apiVersion/kind; DeploymentSpec and the like do not.
  if (typeof Model !== 'function' || Model.apiVersion !== apiVersion || Model.kind !== kind) return undefined;
  return Model;
}

function schemaErrors(err) {
  if (Array.isArray(err?.errors) && err.errors.length > 0) {
    return err.errors.map((e) => `${e.instancePath || '/'} ${e.message}${e.params?.allowedValues ? ` (${e.params.allowedValues.join(', ')})` : ''}`);
  }
  return [String(err?.message ?? err)];
}

const resources = []; // { file, index, doc }
const kustomizations = []; // { file, doc }
const manifestFiles = fs
  .readdirSync(k8sDir)
  .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
  .sort()
  .map((f) => path.join(k8sDir, f));
if (manifestFiles.length === 0) fail(rel(k8sDir), 'no manifests found');

for (const file of manifestFiles) {
  const where = rel(file);
  const kinds = [];
  // Kubernetes reads manifests as YAML 1.1 (yes/no/on/off are booleans, 1:30 is a number), so do the same.
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'), { version: '1.1', prettyErrors: true });
  const list = Array.isArray(docs) ? docs : [];
  for (const [index, d] of list.entries()) {
    const at = list.length > 1 ? `${where} (document ${index + 1})` : where;
    for (const e of [...d.errors, ...d.warnings]) fail(at, `YAML: ${e.message.split('\n')[0]}`);
    if (d.errors.length > 0) continue;
    const doc = d.toJS();
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== 'object' || Array.isArray(doc)) {
      fail(at, 'a manifest must be a mapping');
      continue;
    }
    const { apiVersion, kind } = doc;
    const name = doc.metadata?.name;
    if (kind === 'Kustomization') {
      if (!/^kustomize\.config\.k8s\.io\/v1(beta1)?$/.test(String(apiVersion))) fail(at, `Kustomization with unexpected apiVersion ${apiVersion}`);
      kustomizations.push({ file, doc });
      kinds.push('Kustomization');
      continue;
    }
    const Model = await modelFor(apiVersion, kind);
    if (!Model) {
      fail(at, `unknown apiVersion/kind ${apiVersion}/${kind} (no kubernetes-models class)`);
      continue;
    }
    if (typeof name !== 'string' || name === '') fail(at, `${kind} has no metadata.name`);
    try {
      new Model(doc).validate();
    } catch (err) {
      for (const m of schemaErrors(err)) fail(at, `${kind} ${name}: schema: ${m}`);
    }
    resources.push({ file, index, doc });
    kinds.push(`${kind}/${name}`);
  }
  if (kinds.length === 0 && !failures.some((f) => f.startsWith(where))) fail(where, 'no documents');
  checked.push({ where, detail: kinds.join(', ') || '-' });
}

const ofKind = (kind) => resources.filter((r) => r.doc.kind === kind);
const whereOf = (r) => `${rel(r.file)} ${r.doc.kind}/${r.doc.metadata?.name}`;
const matches = (selector, labels) => {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels?.[k] === v);
};

// Kustomization: every listed file exists, and every manifest except examples is listed.
for (const { file, doc } of kustomizations) {
  const where = rel(file);
  const listed = doc.resources ?? [];
  if (!Array.isArray(listed) || listed.some((r) => typeof r !== 'string')) {
    fail(where, 'resources must be a list of paths');
    continue;
  }
  const dir = path.dirname(file);
  for (const r of listed) {
    const target = path.resolve(dir, r);
    if (!fs.existsSync(target)) fail(where, `lists ${r}, which does not exist`);
    else if (fs.statSync(target).isDirectory() && !fs.existsSync(path.join(target, 'kustomization.yaml'))) fail(where, `lists directory ${r} without a kustomization.yaml`);
  }
  const listedFiles = new Set(listed.map((r) => path.resolve(dir, r)));
  for (const m of manifestFiles) {
    if (path.dirname(m) !== dir || m === file || /\.example\.ya?ml$/.test(m)) continue;
    if (!listedFiles.has(m)) fail(where, `does not list ${path.basename(m)} (name it *.example.yaml if it is not meant to be applied)`);
  }
}

// Workloads: pods, containers, probes, references.
const workloads = ofKind('Deployment');
const podPorts = (pod) => (pod?.containers ?? []).flatMap((c) => c.ports ?? []);
const envNames = []; // { where, name }

function portDeclared(ports, port) {
  return typeof port === 'number' ? ports.some((p) => p.containerPort === port) : ports.some((p) => p.name === port);
}

for (const w of workloads) {
  const where = whereOf(w);
  const spec = w.doc.spec ?? {};
  const pod = spec.template?.spec ?? {};
  const podLabels = spec.template?.metadata?.labels ?? {};
  if (!matches(spec.selector?.matchLabels, podLabels)) fail(where, 'spec.selector.matchLabels does not match the pod template labels');
  const volumes = new Set((pod.volumes ?? []).map((v) => v.name));
  const preStopSleep = [];
  for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    const cw = `${where} container ${c.name}`;
    const ports = c.ports ?? [];
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      const handler = c[probe]?.httpGet ?? c[probe]?.tcpSocket ?? c[probe]?.grpc;
      if (handler && !portDeclared(ports, handler.port)) fail(cw, `${probe} uses port ${handler.port}, which the container does not declare`);
    }
    for (const m of c.volumeMounts ?? []) if (!volumes.has(m.name)) fail(cw, `mounts volume ${m.name}, which the pod does not declare`);
    for (const e of c.env ?? []) envNames.push({ where: cw, name: e.name });
    for (const from of c.envFrom ?? []) {
      if (from.configMapRef && !ofKind('ConfigMap').some((r) => r.doc.metadata?.name === from.configMapRef.name)) fail(cw, `envFrom ConfigMap ${from.configMapRef.name} is not defined in deploy/k8s`);
      if (from.secretRef && !ofKind('Secret').some((r) => r.doc.metadata?.name === from.secretRef.name)) fail(cw, `envFrom Secret ${from.secretRef.name} is not defined in deploy/k8s (not even as an example)`);
    }
    const sleep = c.lifecycle?.preStop?.exec?.command;
    if (Array.isArray(sleep) && sleep[0] === 'sleep' && Number(sleep[1]) > 0) preStopSleep.push(Number(sleep[1]));
    if (c.lifecycle?.preStop?.sleep?.seconds > 0) preStopSleep.push(c.lifecycle.preStop.sleep.seconds);
  }
  for (const c of pod.containers ?? []) {
    const cw = `${where} container ${c.name}`;
    if (!c.readinessProbe) fail(cw, 'has no readinessProbe');
    if (!c.livenessProbe) fail(cw, 'has no livenessProbe');
    if (!c.resources?.requests) fail(cw, 'has no resources.requests');
    if (!c.resources?.limits) fail(cw, 'has no resources.limits');
  }
  const grace = pod.terminationGracePeriodSeconds ?? 30;
  const longestSleep = Math.max(0, ...preStopSleep);
  // The preStop hook counts against the grace period; the server then needs time to drain.
  if (longestSleep > 0 && grace < longestSleep + 15) fail(where, `terminationGracePeriodSeconds ${grace} leaves under 15 s after the ${longestSleep} s preStop sleep`);
}

for (const s of ofKind('Service')) {
  const where = whereOf(s);
  const targets = workloads.filter((w) => matches(s.doc.spec?.selector, w.doc.spec?.template?.metadata?.labels));
  if (targets.length === 0) {
    fail(where, `selector ${JSON.stringify(s.doc.spec?.selector ?? {})} matches no Deployment's pod labels`);
    continue;
  }
  for (const p of s.doc.spec?.ports ?? []) {
    const target = p.targetPort ?? p.port;
    for (const w of targets) if (!portDeclared(podPorts(w.doc.spec.template.spec), target)) fail(where, `port ${p.name ?? p.port} targets ${target}, which ${whereOf(w)} does not declare`);
  }
}

for (const b of ofKind('PodDisruptionBudget')) {
  const where = whereOf(b);
  const targets = workloads.filter((w) => matches(b.doc.spec?.selector?.matchLabels, w.doc.spec?.template?.metadata?.labels));
  if (targets.length === 0) fail(where, 'selector.matchLabels matches no Deployment\'s pod labels');
  const min = b.doc.spec?.minAvailable;
  for (const w of targets) {
    // minAvailable equal to replicas would block every node drain.
    if (typeof min === 'number' && min >= (w.doc.spec?.replicas ?? 1)) fail(where, `minAvailable ${min} leaves no disruption allowed for ${w.doc.spec?.replicas ?? 1} replicas`);
  }
}

for (const i of ofKind('Ingress')) {
  const where = whereOf(i);
  const backends = [i.doc.spec?.defaultBackend, ...(i.doc.spec?.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend))].filter(Boolean);
  for (const be of backends) {
    if (!be.service) continue;
    const svc = ofKind('Service').find((s) => s.doc.metadata?.name === be.service.name);
    if (!svc) {
      fail(where, `backend Service ${be.service.name} is not defined in deploy/k8s`);
      continue;
    }
    const port = be.service.port?.name ?? be.service.port?.number;
    if (!(svc.doc.spec?.ports ?? []).some((p) => p.name === port || p.port === port)) fail(where, `backend port ${port} is not a port of Service ${be.service.name}`);
  }
}

// Environment variable names: container env, ConfigMap and Secret keys.
for (const r of [...ofKind('ConfigMap'), ...ofKind('Secret')]) {
  for (const key of Object.keys({ ...r.doc.data, ...r.doc.stringData })) envNames.push({ where: whereOf(r), name: key });
}

function checkParleyEnv(where, name) {
  if (!name.startsWith('PARLEY_') || EXTRA_ENV.has(name)) return;
  // Whole-word match, so PARLEY_FILES_S3_ (a prefix in a comment) does not admit PARLEY_FILES_S3_FOO.
  if (!new RegExp(`\\b${name}\\b`).test(configSource)) fail(where, `${name} is not read by packages/server/src/config/config.ts`);
}
for (const { where, name } of envNames) checkParleyEnv(where, name);

// ---------------------------------------------------------------- Dockerfile

/** Instructions with their line numbers: comments dropped and continuation lines joined. */
function instructions(text) {
  const out = [];
  let current = null;
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && current === null)) continue;
    if (line === '' && current !== null) continue;
    const continued = line.endsWith('\\');
    const part = continued ? line.slice(0, -1).trim() : line;
    if (current === null) {
      const m = /^(\S+)\s*(.*)$/.exec(part);
      current = { line: i + 1, keyword: (m?.[1] ?? '').toUpperCase(), args: m?.[2] ?? '' };
    } else {
      current.args = `${current.args} ${part}`.trim();
    }
    if (!continued) {
      out.push(current);
      current = null;
    }
  }
  if (current) out.push(current);
  return out;
}

function jsonArray(args) {
  if (!args.startsWith('[')) return null;
  try {
    const v = JSON.parse(args);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null;
  } catch {
    return null;
  }
}

function checkDockerfile(file) {
  const where = rel(file);
  if (!fs.existsSync(file)) return fail(where, 'missing');
  const text = fs.readFileSync(file, 'utf8');
  const at = (line) => `${where}:${line}`;

  // dockerfile-utils: every rule at error severity; any diagnostic fails.
  const all = Object.fromEntries(
    ['deprecatedMaintainer', 'directiveCasing', 'emptyContinuationLine', 'instructionCasing', 'instructionCmdMultiple', 'instructionEntrypointMultiple', 'instructionHealthcheckMultiple', 'instructionJSONInSingleQuotes', 'instructionWorkdirRelative'].map(
      (k) => [k, ValidationSeverity.ERROR],
    ),
  );
  for (const d of lintDockerfile(text, all)) fail(at(d.range.start.line + 1), `dockerfile-utils: ${d.message}`);

  const ins = instructions(text);
  const args = new Map(); // ARGs before the first FROM, for base image names
  const stages = []; // { name, from, instructions }
  for (const i of ins) {
    if (i.keyword === 'ARG' && stages.length === 0) {
      const [k, v] = i.args.split('=');
      args.set(k.trim(), v?.trim().replace(/^"(.*)"$/, '$1') ?? '');
      continue;
    }
    if (i.keyword === 'FROM') {
      const words = i.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const image = words[0]?.replace(/\$\{?(\w+)\}?/g, (_, n) => args.get(n) ?? '') ?? '';
      const name = words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined;
      const earlier = stages.some((s) => s.name === image.toLowerCase());
      if (!earlier && image !== 'scratch') {
        const digest = image.includes('@');
        const lastPart = image.slice(image.lastIndexOf('/') + 1);
        const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : '';
        if (!digest && tag === '') fail(at(i.line), `FROM ${words[0]} has no tag (pin a version)`);
        else if (!digest && tag === 'latest') fail(at(i.line), `FROM ${words[0]} uses "latest" (pin a version)`);
      }
      stages.push({ name, from: i, instructions: [] });
      continue;
    }
    if (stages.length === 0) {
      fail(at(i.line), `${i.keyword} before the first FROM`);
      continue;
    }
    stages.at(-1).instructions.push(i);
  }
  if (stages.length === 0) return fail(where, 'no FROM');

  for (const i of ins) {
    if (i.keyword === 'ADD' && /(^|\s)(https?:\/\/|git@|git:\/\/)/.test(i.args)) fail(at(i.line), 'ADD of a URL: download in a RUN with a checksum, or COPY a vendored file');
    if (i.keyword === 'RUN' && /apt-get\s+(-\S+\s+)*install\b/.test(i.args)) {
      if (!i.args.includes('--no-install-recommends')) fail(at(i.line), 'apt-get install without --no-install-recommends');
      if (!/rm\s+-(rf|fr)\s+\/var\/lib\/apt\/lists/.test(i.args)) fail(at(i.line), 'apt-get install without rm -rf /var/lib/apt/lists/* in the same RUN');
    }
  }

  const final = stages.at(-1);
  const last = (kw) => final.instructions.filter((i) => i.keyword === kw).at(-1);
  const user = last('USER');
  if (!user) fail(where, 'the final stage has no USER (it would run as root)');
  else if (/^(root|0)$/.test(user.args.split(':')[0].trim())) fail(at(user.line), `the final stage runs as ${user.args}`);
  const health = last('HEALTHCHECK');
  if (!health) fail(where, 'the final stage has no HEALTHCHECK');
  else if (/^NONE$/i.test(health.args.trim())) fail(at(health.line), 'HEALTHCHECK NONE');
  const cmd = last('CMD');
  if (!cmd) fail(where, 'the final stage has no CMD');
  else if (!jsonArray(cmd.args)) fail(at(cmd.line), 'CMD must be in exec form (a JSON array), so the server gets SIGTERM itself');
  const entrypoint = last('ENTRYPOINT');
  if (entrypoint && !jsonArray(entrypoint.args)) fail(at(entrypoint.line), 'ENTRYPOINT must be in exec form (a JSON array)');

  // Environment the image sets must be variables the server reads.
  for (const env of final.instructions.filter((i) => i.keyword === 'ENV')) {
    for (const m of env.args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/g)) checkParleyEnv(at(env.line), m[1]);
  }

  // The ports the Deployment's containers declare are ports the image exposes.
  const exposed = new Set(final.instructions.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.args.split(/\s+/).map((p) => Number(p.split('/')[0]))));
  for (const w of workloads) {
    for (const p of podPorts(w.doc.spec?.template?.spec)) if (!exposed.has(p.containerPort)) fail(whereOf(w), `containerPort ${p.containerPort} is not EXPOSEd by ${where}`);
  }

  // npm ci needs the package.json of every workspace in the layer that installs dependencies.
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const copied = ins.filter((i) => i.keyword === 'COPY').map((i) => i.args);
  for (const ws of pkg.workspaces ?? []) {
    const manifest = `${ws.replace(/\/$/, '')}/package.json`;
    if (!copied.some((a) => a.split(/\s+/).includes(manifest))) fail(where, `no COPY of ${manifest} before npm ci (workspace ${ws})`);
  }

  // The context is the repository root: without this, COPY . . would bring the host's node_modules.
  const ignoreFile = path.join(root, '.dockerignore');
  const ignore = fs.existsSync(ignoreFile) ? fs.readFileSync(ignoreFile, 'utf8').split(/\r?\n/).map((l) => l.trim()) : [];
  for (const needed of ['node_modules', 'dist', '.git']) {
    if (!ignore.some((l) => l === needed || l === `**/${needed}` || l === `/${needed}`)) fail(rel(ignoreFile), `does not exclude ${needed}`);
  }
  return true;
}

checkDockerfile(dockerfile);
checked.push({ where: rel(dockerfile), detail: 'dockerfile-utils and image rules' });
checked.push({ where: '.dockerignore', detail: 'build context' });

for (const { where, detail } of checked) {
  const bad = failures.filter((f) => f.startsWith(`${where} `) || f.startsWith(`${where}:`)).length;
  console.log(`deploy: ${where} ${bad === 0 ? 'ok' : `FAILED (${bad})`} [${detail}]`);
}

if (failures.length > 0) {
  console.error(`\ndeploy: ${failures.length} problem${failures.length === 1 ? '' : 's'}:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`deploy: ${resources.length} Kubernetes resources and the Dockerfile are valid`);
