import { ListChannelsCommand } from '@aws-sdk/client-ivs';
import { Router } from 'express';
import type { Logger } from 'pino';
import type { GraphQLError } from 'graphql';
import type { JwtVerifier } from '../auth/jwt.js';
import { callIvs, CREDENTIALS_ACCOUNT, UNBOUNDED, type UpstreamDeps } from '../upstream/call.js';

export interface ReadinessDeps {
  /** The probe goes through callIvs, so the quota limiter, the in-flight cap and the metrics see it. */
  upstream: UpstreamDeps;
  /** Region probed: the first of IVS_REGIONS. */
  region: string;
  /** Deadline of one probe. */
  timeoutMs: number;
  jwt: JwtVerifier | null;
  logger: Logger;
  /** How long a probe's answer is reused (probes from load balancers must not spend the IVS quota). */
  cacheMs?: number;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, string>;
}

/**
 * Readiness: the configuration is valid (it is, or the process would not have started), the IVS
 * backend answers, and a remote JWT key set could be fetched. The IVS probe is one signed
 * `ListChannels` (maxResults 1) in the first configured region; any HTTP answer, even 403 or 5xx,
 * proves the endpoint is reachable and the request could be signed; only no answer (connection
 * refused, DNS, timeout, no credentials) is "not ready". Answers are cached for a few seconds and
 * concurrent probes share one check. Once draining (SIGTERM), never ready again.
 */
export class Readiness {
  private draining = false;
  private cached: { at: number; report: ReadinessReport } | undefined;
  private running: Promise<ReadinessReport> | undefined;

  constructor(private readonly deps: ReadinessDeps) {}

  drain(): void {
    this.draining = true;
  }

  async check(): Promise<ReadinessReport> {
    if (this.draining) return { ready: false, checks: { config: 'ok', shutdown: 'draining' } };
    const cacheMs = this.deps.cacheMs ?? 5_000;
    if (this.cached && performance.now() - this.cached.at < cacheMs) return this.cached.report;
    this.running ??= this.probe().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async probe(): Promise<ReadinessReport> {
    const [ivs, jwks] = await Promise.all([this.probeIvs(), this.deps.jwt ? this.deps.jwt.keysAvailable() : Promise.resolve(undefined)]);
    const checks: Record<string, string> = { config: 'ok', ivs: ivs ? 'ok' : 'unreachable' };
    if (jwks !== undefined) checks.jwks = jwks ? 'ok' : 'unavailable';
    const report = { ready: ivs && jwks !== false, checks };
    this.cached = { at: performance.now(), report };
    return report;
  }

  private async probeIvs(): Promise<boolean> {
    const { upstream, region, timeoutMs, logger } = this.deps;
    // Whether IVS gave any HTTP answer: callIvs turns the SDK's error into a coded one, so note it on the way.
    let answered = false;
    let failure: { name: string; message: string } | undefined;
    try {
      await callIvs(
        upstream,
        UNBOUNDED,
        { region, account: CREDENTIALS_ACCOUNT, operation: 'ListChannels' },
        async (client, abortSignal) => {
          try {
            return await client.send(new ListChannelsCommand({ maxResults: 1 }), {
              abortSignal: AbortSignal.any([abortSignal, AbortSignal.timeout(timeoutMs)]),
            });
          } catch (error) {
            answered = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== undefined;
            failure = { name: (error as Error).name, message: (error as Error).message };
            throw error;
          }
        },
        { probe: 'readiness' },
      );
      return true;
    } catch (error) {
      if (answered) return true;
      // The gateway's own quota limiter refused the probe (no slot free): IVS is being reached, just busy.
      if ((error as GraphQLError).extensions?.quota !== undefined) return true;
      logger.warn(
        { region, err: failure ?? { name: (error as Error).name, message: (error as Error).message } },
        'readiness: IVS did not answer',
      );
      return false;
    }
  }
}

/** `GET /healthz` (the process serves HTTP) and `GET /readyz` (see Readiness); no GraphQL involved. */
export function healthRoutes(readiness: Readiness): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res, next) => {
    readiness.check().then((report) => {
      res
        .set('cache-control', 'no-store')
        .status(report.ready ? 200 : 503)
        .json({ status: report.ready ? 'ready' : 'unavailable', checks: report.checks });
    }, next);
  });
  return router;
}
