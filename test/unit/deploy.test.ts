import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { composeSupergraph } from '../../scripts/compose-supergraph.js';
import { ENV_VARIABLES, loadConfig } from '../../src/config/load.js';
import { Metrics } from '../../src/platform/metrics.js';

/**
 * The deploy/ manifests are never run here (no container engine or cluster): this reads them instead.
 * Every variable they give the gateway is one it reads, the whole environment passes the config schema,
 * the probes hit the right paths and ports, the containers run as the image's non-root user, the
 * supergraph is fresh, and the dashboard queries only metrics the gateway exports.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEPLOY = join(ROOT, 'deploy');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/**
 * Variables the manifests may set although the gateway's schema does not read them, each with its reader.
 * Keep it short: a variable the gateway itself reads belongs in the schema (src/config/load.ts).
 */
const READ_BY_OTHERS: Readonly<Record<string, string>> = {
  AWS_REGION: 'AWS SDK: default region of the credential chain (STS, IMDS); IVS calls are signed for the ARN region',
  AWS_ACCESS_KEY_ID: 'AWS SDK default credential chain (compose passes the shell credentials through)',
  AWS_SECRET_ACCESS_KEY: 'AWS SDK default credential chain',
  AWS_SESSION_TOKEN: 'AWS SDK default credential chain',
  OTEL_SERVICE_NAME: 'OpenTelemetry SDK: service.name of the spans',
};

type Env = Record<string, string>;
type Doc = Record<string, unknown> & { kind?: string; metadata?: { name?: string } };

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? yamlFiles(join(dir, entry.name)) : /\.ya?ml$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

function documents(path: string): Doc[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((doc) => {
    expect(
      doc.errors.map((e) => e.message),
      `${relative(ROOT, path)} parses`,
    ).toEqual([]);
    return doc.toJS() as Doc;
  });
}

/** The ENV of the Dockerfile's last (runtime) stage, which every container of the image starts with. */
function imageEnv(): Env {
  const runtime = read('Dockerfile')
    .split(/^FROM /m)
    .at(-1)!
    .replace(/\\\n/g, ' ');
  const env: Env = {};
  for (const [, rest] of runtime.matchAll(/^ENV +(.+)$/gm)) {
    for (const [, name, value] of rest!.matchAll(/([A-Z_][A-Z0-9_]*)=("[^"]*"|\S+)/g)) env[name!] = value!.replace(/^"|"$/g, '');
  }
  return env;
}

/** Compose's `${NAME:-default}` / `${NAME}` as an empty shell would resolve them (the tests' own env must not leak in). */
const interpolate = (value: string) =>
  value.replace(/\$\{[A-Z0-9_]+(?::?-([^}]*))?\}/g, (_, fallback: string | undefined) => fallback ?? '');

function unknownVariables(env: Env): string[] {
  return Object.keys(env).filter((name) => !ENV_VARIABLES.includes(name) && !(name in READ_BY_OTHERS));
}

/** loadConfig drops empty values, as the gateway sees them (compose's `${X:-}` is an unset variable). */
function expectLoads(env: Env, where: string) {
  expect(() => loadConfig(env), `${where}: the environment passes loadConfig`).not.toThrow();
  return loadConfig(env);
}

const used = new Set<string>();

describe('deploy/compose.yaml', () => {
  const [compose] = documents(join(DEPLOY, 'compose.yaml')) as [
    {
      services: Record<string, Record<string, unknown>>;
      secrets: Record<string, { file: string }>;
    },
  ];
  const gateways = Object.entries(compose.services).filter(
    ([, s]) => (s.build as { dockerfile?: string } | undefined)?.dockerfile === 'Dockerfile',
  );

  const envOf = (service: Record<string, unknown>): Env => {
    const raw = service.environment ?? {};
    const pairs = Array.isArray(raw)
      ? (raw as string[]).map((line) => line.split(/=(.*)/s, 2) as [string, string | undefined])
      : Object.entries(raw as Record<string, unknown>);
    return Object.fromEntries(pairs.map(([name, value]) => [name, value == null ? '' : interpolate(String(value))]));
  };

  it('runs two replicas of the gateway built from the Dockerfile, Redis and the router', () => {
    expect(gateways.map(([name]) => name)).toEqual(['gateway']);
    const [, gateway] = gateways[0]!;
    expect((gateway.deploy as { replicas: number }).replicas).toBe(2);
    expect(resolve(DEPLOY, (gateway.build as { context: string }).context)).toBe(resolve(ROOT));
    expect(Object.keys(compose.services).sort()).toEqual(['gateway', 'redis', 'router']);
  });

  it.each(gateways)('%s sets only variables the gateway reads (or the allow-list)', (_, service) => {
    const env = envOf(service);
    Object.keys(env).forEach((name) => used.add(name));
    expect(unknownVariables(env)).toEqual([]);
  });

  it.each(gateways)('%s: the whole environment (image ENV, environment, the API key secret) passes loadConfig', (_, service) => {
    const env = { ...imageEnv(), ...envOf(service) };
    // The secret is mounted at /run/secrets/<target>; read the file compose mounts there instead.
    const secrets = (service.secrets as Array<{ source: string; target?: string }>) ?? [];
    const mounted = secrets.find((s) => `/run/secrets/${s.target ?? s.source}` === env.API_KEYS_FILE);
    expect(mounted, 'API_KEYS_FILE is a mounted secret').toBeDefined();
    const config = expectLoads({ ...env, API_KEYS_FILE: join(DEPLOY, compose.secrets[mounted!.source]!.file) }, 'compose gateway');
    expect(config.production).toBe(true);
    expect(config.backend.kind === 'aws' || config.backend.kind === 'endpoint').toBe(true);
    expect(config.performance.redis?.url).toMatch(/^redis:\/\/redis:/);
    expect(config.auth.apiKeys.length).toBeGreaterThan(0);
    expect(config.metricsAccess.port).not.toBeNull();
  });

  it.each(gateways)('%s: healthcheck on /healthz at PORT; stop_grace_period longer than SHUTDOWN_GRACE_MS', (_, service) => {
    const config = loadConfig({ ...imageEnv(), ...envOf(service), API_KEYS_FILE: '' });
    const test = (service.healthcheck as { test: string[] }).test.join(' ');
    expect(test).toMatch(new RegExp(`127\\.0\\.0\\.1:${config.port}/healthz`));
    const [, seconds] = /^(\d+)s$/.exec(String(service.stop_grace_period))!;
    expect(Number(seconds) * 1000).toBeGreaterThan(config.shutdownGraceMs);
  });

  it('the router mounts router.yaml and the composed supergraph, and targets the gateway service', () => {
    const router = compose.services.router!;
    expect(String(router.image)).toMatch(/^ghcr\.io\/apollographql\/router:v2\.\d+\.\d+$/);
    const volumes = (router.volumes as string[]).map((v) => v.split(':')[0]);
    expect(volumes).toEqual(['./router.yaml', './supergraph.graphql']);
    expect(envOf(router).IVS_SUBGRAPH_URL).toBe('http://gateway:4000/graphql');
  });
});

describe('deploy/router.yaml', () => {
  const [router] = documents(join(DEPLOY, 'router.yaml')) as [Record<string, Record<string, unknown>>];

  it('passes the credential headers through to the subgraph', () => {
    const rules = (router.headers!.all as { request: Array<{ propagate?: { named: string } }> }).request;
    expect(rules.map((r) => r.propagate?.named)).toEqual(['authorization', 'x-api-key']);
  });

  it('propagates W3C trace context (traceparent)', () => {
    expect(router.telemetry).toMatchObject({ exporters: { tracing: { propagation: { trace_context: true } } } });
  });

  it('routes the ivs subgraph to the gateway service by default', () => {
    expect(router.override_subgraph_url!.ivs).toBe('${env.IVS_SUBGRAPH_URL:-http://gateway:4000/graphql}');
  });
});

describe('deploy/supergraph.graphql', () => {
  it('is what npm run supergraph composes from the committed subgraph SDL now', () => {
    expect(read('deploy/supergraph.graphql')).toBe(composeSupergraph());
  });
});

describe('deploy/k8s', () => {
  const files = yamlFiles(join(DEPLOY, 'k8s'));
  const docs = files.flatMap((file) => documents(file));
  const byKind = (kind: string) => docs.filter((d) => d.kind === kind);
  const named = (kind: string, name: string) => byKind(kind).find((d) => d.metadata?.name === name);

  const sourceData = (ref: { configMapRef?: { name: string }; secretRef?: { name: string } }): Env => {
    if (ref.configMapRef) {
      const map = named('ConfigMap', ref.configMapRef.name) as { data?: Env } | undefined;
      expect(map, `ConfigMap ${ref.configMapRef.name} exists`).toBeDefined();
      return map!.data ?? {};
    }
    const secret = named('Secret', ref.secretRef!.name) as { data?: Env; stringData?: Env } | undefined;
    expect(secret, `Secret ${ref.secretRef!.name} exists`).toBeDefined();
    const decoded = Object.fromEntries(Object.entries(secret!.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
    return { ...decoded, ...(secret!.stringData ?? {}) };
  };

  interface Container {
    name: string;
    ports: Array<{ name?: string; containerPort: number }>;
    env?: Array<{ name: string; value?: string }>;
    envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
    readinessProbe: { httpGet: { path: string; port: string | number } };
    livenessProbe: { httpGet: { path: string; port: string | number } };
    lifecycle?: { preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } } };
    resources: { requests: Record<string, string>; limits: Record<string, string> };
    securityContext?: Record<string, unknown>;
  }
  interface Deployment {
    metadata: { name: string };
    spec: {
      selector: { matchLabels: Record<string, string> };
      template: {
        metadata: { labels: Record<string, string> };
        spec: { terminationGracePeriodSeconds: number; securityContext?: Record<string, unknown>; containers: Container[] };
      };
    };
  }
  const deployments = byKind('Deployment') as unknown as Deployment[];
  const containers = deployments.flatMap((d) => d.spec.template.spec.containers.map((c) => ({ d, c })));
  const envOf = (c: Container): Env => ({
    ...Object.assign({}, ...(c.envFrom ?? []).map(sourceData)),
    ...Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? ''])),
  });
  const portOf = (c: Container, port: string | number) =>
    typeof port === 'number' ? port : c.ports.find((p) => p.name === port)?.containerPort;

  it('finds the manifests, and kustomization.yaml lists every other file', () => {
    expect(deployments).toHaveLength(1);
    for (const kind of ['Service', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'ConfigMap', 'Secret'])
      expect(byKind(kind), kind).toHaveLength(1);
    const kustomization = byKind('Kustomization')[0] as { resources: string[] } | undefined;
    expect(kustomization?.resources.sort()).toEqual(
      files
        .map((f) => relative(join(DEPLOY, 'k8s'), f))
        .filter((f) => f !== 'kustomization.yaml')
        .sort(),
    );
  });

  it.each(containers.map(({ c }) => [c.name, c]))('%s sets only variables the gateway reads (or the allow-list)', (_, c) => {
    const env = envOf(c);
    Object.keys(env).forEach((name) => used.add(name));
    expect(unknownVariables(env)).toEqual([]);
  });

  it('every ConfigMap and Secret key is a variable the gateway reads (or the allow-list)', () => {
    for (const doc of [...byKind('ConfigMap'), ...byKind('Secret')]) {
      const keys = Object.keys({ ...((doc.data as Env) ?? {}), ...((doc.stringData as Env) ?? {}) });
      expect(unknownVariables(Object.fromEntries(keys.map((k) => [k, ''])))).toEqual([]);
    }
  });

  it.each(containers.map(({ c }) => [c.name, c]))(
    '%s: the whole environment (image ENV, ConfigMap, Secret, env) passes loadConfig',
    (_, c) => {
      const config = expectLoads({ ...imageEnv(), ...envOf(c) }, `container ${c.name}`);
      expect(config.production).toBe(true);
      expect(config.auth.apiKeys.length).toBeGreaterThan(0);
      expect(config.performance.redis?.url).toMatch(/^rediss?:\/\/[^@]*@?[a-z0-9.-]+\.[a-z]+:\d+$/);
      expect(config.metricsAccess.port).not.toBeNull();
    },
  );

  it.each(containers.map(({ c }) => [c.name, c]))('%s: /readyz and /healthz probes on the port PORT sets', (_, c) => {
    const port = loadConfig({ ...imageEnv(), ...envOf(c) }).port;
    expect(c.readinessProbe.httpGet.path).toBe('/readyz');
    expect(c.livenessProbe.httpGet.path).toBe('/healthz');
    expect(portOf(c, c.readinessProbe.httpGet.port)).toBe(port);
    expect(portOf(c, c.livenessProbe.httpGet.port)).toBe(port);
    expect(portOf(c, 'http')).toBe(port);
  });

  it.each(deployments.map((d) => [d.metadata.name, d]))(
    '%s: terminationGracePeriodSeconds covers preStop, SHUTDOWN_DELAY_MS and SHUTDOWN_GRACE_MS',
    (_, d) => {
      for (const c of d.spec.template.spec.containers) {
        const preStop = c.lifecycle?.preStop;
        const sleepSeconds = preStop?.sleep?.seconds ?? Number(preStop?.exec?.command[1]);
        expect(preStop?.sleep ?? preStop?.exec?.command[0], 'preStop sleeps').toBeTruthy();
        expect(sleepSeconds).toBeGreaterThan(0);
        const { shutdownGraceMs, shutdownDelayMs } = loadConfig({ ...imageEnv(), ...envOf(c) });
        expect(d.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
          sleepSeconds * 1000 + shutdownDelayMs + shutdownGraceMs,
        );
      }
    },
  );

  it.each(containers.map(({ c }) => [c.name, c]))('%s: resources, non-root as the image user, read-only root', (_, c) => {
    const pod = deployments[0]!.spec.template.spec.securityContext ?? {};
    const security = { ...pod, ...c.securityContext };
    expect(security.runAsNonRoot).toBe(true);
    // USER node in the Dockerfile: uid 1000 in the official node images.
    expect(security.runAsUser).toBe(1000);
    expect(security.readOnlyRootFilesystem).toBe(true);
    expect(security.allowPrivilegeEscalation).toBe(false);
    expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
    expect(c.resources.limits.memory).toBeDefined();
  });

  it('the Service, PodDisruptionBudget and HorizontalPodAutoscaler select the Deployment', () => {
    const d = deployments[0]!;
    const labels = d.spec.template.metadata.labels;
    expect(d.spec.selector.matchLabels).toEqual(labels);
    const service = byKind('Service')[0] as {
      spec: { selector: Record<string, string>; ports: Array<{ port: number; targetPort: string | number }> };
    };
    expect(service.spec.selector).toEqual(labels);
    const c = d.spec.template.spec.containers[0]!;
    for (const p of service.spec.ports) expect(portOf(c, p.targetPort), `Service targetPort ${p.targetPort}`).toBeDefined();
    expect((byKind('PodDisruptionBudget')[0] as { spec: { selector: { matchLabels: object } } }).spec.selector.matchLabels).toEqual(labels);
    const hpa = byKind('HorizontalPodAutoscaler')[0] as {
      apiVersion: string;
      spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number; metrics: Array<{ resource?: { name: string } }> };
    };
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: d.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.metrics.map((m) => m.resource?.name)).toContain('cpu');
  });

  it('the Secret holds placeholders only: all-zero digests, a REPLACE_ME password', () => {
    const secret = sourceData({ secretRef: { name: 'ivs-gateway-secrets' } });
    for (const key of JSON.parse(secret.API_KEYS!) as Array<{ sha256: string }>) expect(key.sha256).toMatch(/^0{64}$/);
    expect(secret.REDIS_URL).toContain('REPLACE_ME');
  });
});

describe('the allow-list of variables read by others', () => {
  it('has no stale entries: each is set by a manifest and not read by the schema', () => {
    for (const name of Object.keys(READ_BY_OTHERS)) {
      expect(ENV_VARIABLES, `${name} is now in the schema: drop it from the allow-list`).not.toContain(name);
      expect([...used], `${name} is set by some manifest`).toContain(name);
    }
  });
});

describe('Dockerfile', () => {
  it('runs the runtime stage as the node user', () => {
    const runtime = read('Dockerfile')
      .split(/^FROM /m)
      .at(-1)!;
    expect(runtime).toMatch(/^USER node$/m);
  });
});

/** PromQL keywords and label-list words that look like metric names. */
const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset']);

/** Metric names an expression selects: identifiers outside strings, matchers, ranges and label lists, not called as functions. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  return [...bare.matchAll(/(?<![\w:$.])([A-Za-z_:][\w:]*)(?![\w:]|\s*\()/g)].map((m) => m[1]!).filter((name) => !PROMQL_WORDS.has(name));
}

describe('deploy/grafana-dashboard.json', () => {
  interface Panel {
    title: string;
    targets?: Array<{ expr: string }>;
    panels?: Panel[];
  }
  const dashboard = JSON.parse(read('deploy/grafana-dashboard.json')) as {
    panels: Panel[];
    templating: { list: Array<{ name: string; definition?: string }> };
  };
  const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.targets?.length);

  /** Names the gateway exports, read from its registry now (families others add show up once they land). */
  const exported = async () => {
    const families = await new Metrics().registry.getMetricsAsJSON();
    return new Set(
      families.flatMap((f) => (String(f.type) === 'histogram' ? ['_bucket', '_sum', '_count'].map((s) => f.name + s) : [f.name])),
    );
  };

  it('reads metric names out of PromQL', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (operation, le) (rate(a_seconds_bucket{x=~"$i", y!="z"}[$__rate_interval]))) / on(le) b_total',
      ),
    ).toEqual(['a_seconds_bucket', 'b_total']);
    expect(metricNames('sum(rate(process_cpu_seconds_total[5m])) > bool 0.5')).toEqual(['process_cpu_seconds_total']);
  });

  it('has panels over every metric family the brief names', () => {
    const names = new Set(panels.flatMap((p) => p.targets!.flatMap((t) => metricNames(t.expr))));
    for (const family of [
      'ivs_gateway_request_duration_seconds_count',
      'ivs_gateway_request_duration_seconds_bucket',
      'ivs_gateway_ivs_calls_total',
      'ivs_gateway_ivs_throttles_total',
      'ivs_gateway_limiter_total',
      'ivs_gateway_limiter_wait_seconds_bucket',
      'ivs_gateway_cache_total',
      'ivs_gateway_subscriptions_active',
      'ivs_gateway_subscription_messages_total',
      'ivs_gateway_graphql_errors_total',
      'ivs_gateway_redis_up',
    ])
      expect(names, family).toContain(family);
  });

  it.each(panels.map((p) => [p.title, p]))('%s queries only metrics the gateway exports', async (_, panel) => {
    const names = await exported();
    const queried = panel.targets!.flatMap((t) => metricNames(t.expr));
    expect(queried.length).toBeGreaterThan(0);
    expect(queried.filter((name) => !names.has(name))).toEqual([]);
  });

  it('template variables query exported metrics', async () => {
    const names = await exported();
    for (const variable of dashboard.templating.list) {
      const [, metric] = /label_values\(([\w:]+)/.exec(variable.definition ?? '') ?? [];
      if (metric) expect(names, `$${variable.name}`).toContain(metric);
    }
  });
});
