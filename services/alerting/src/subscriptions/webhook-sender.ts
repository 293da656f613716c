import { Agent, request } from 'undici';
import type { TargetPolicy } from './target-policy';
import { guardedLookup, literalRefusal, systemResolve, TargetRefusedError, type Resolve } from './webhook-target';

export interface SendResult {
  ok: boolean;
  error?: string;
  /** The target is out of bounds (TargetPolicy): no retry will change that. */
  refused?: boolean;
}

function refusalIn(err: unknown): TargetRefusedError | undefined {
  for (let e = err; e instanceof Error; e = e.cause) if (e instanceof TargetRefusedError) return e;
  return undefined;
}

/**
 * POSTs webhook bodies through one connection pool whose sockets connect only to addresses the
 * policy allows, checked after DNS at every new connection (guardedLookup). Redirects are not
 * followed: a 3xx is a failed attempt like any other non-2xx.
 */
export class WebhookSender {
  private readonly agent: Agent;

  constructor(
    private readonly policy: TargetPolicy,
    private readonly timeoutMs: number,
    resolve: Resolve = systemResolve,
  ) {
    this.agent = new Agent({ connect: { lookup: guardedLookup(policy, resolve), timeout: timeoutMs } });
  }

  /** A 2xx within the timeout is a delivery. */
  async send(target: string, body: string, headers: Record<string, string>): Promise<SendResult> {
    // An IP literal never reaches the lookup: judged here.
    const literal = literalRefusal(this.policy, target);
    if (literal) return { ok: false, error: `target refused: ${literal}`, refused: true };
    try {
      const res = await request(target, { method: 'POST', headers, body, dispatcher: this.agent, signal: AbortSignal.timeout(this.timeoutMs) });
      await res.body.dump().catch(() => undefined);
      return res.statusCode >= 200 && res.statusCode < 300 ? { ok: true } : { ok: false, error: `HTTP ${res.statusCode}` };
    } catch (err) {
      const refused = refusalIn(err);
      if (refused) return { ok: false, error: `target refused: ${refused.message}`, refused: true };
      return { ok: false, error: (err as Error).message };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
