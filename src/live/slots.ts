import { type GraphQLError } from 'graphql';
import { ErrorCode, gatewayError } from '../kernel/errors.js';

export interface SlotLimits {
  /** Subscriptions one connection (a WebSocket, an SSE stream) may hold at once. */
  perConnection: number;
  /** Subscriptions one principal (API key, JWT subject, anonymous) may hold at once, over all its connections. */
  perPrincipal: number;
  /** Subscriptions the process serves at once. */
  total: number;
}

/** A connection's own count of slots, kept by its transport. */
export interface ConnectionSlots {
  held: number;
}

/**
 * Subscription slots: a slot is taken only for a subscription that passed every check and is about
 * to run, and given back exactly once when it ends, however it ends (completed, failed, socket
 * closed). Per-principal counts are dropped at zero, so their map is bounded by the slots in use.
 */
export class SubscriptionSlots {
  private active = 0;
  private readonly byPrincipal = new Map<string, number>();

  constructor(private readonly limits: SlotLimits) {}

  /** A release function (idempotent), or the LIMIT_EXCEEDED error of the cap that refused the slot. */
  acquire(principalId: string, connection: ConnectionSlots): (() => void) | GraphQLError {
    const { perConnection, perPrincipal, total } = this.limits;
    const ofPrincipal = this.byPrincipal.get(principalId) ?? 0;
    if (connection.held >= perConnection) {
      return limitError(
        `At most ${perConnection} subscriptions per connection (SUBSCRIPTIONS_PER_CONNECTION); complete one before starting another.`,
      );
    }
    if (ofPrincipal >= perPrincipal) {
      return limitError(
        `These credentials already hold ${perPrincipal} subscriptions (SUBSCRIPTIONS_PER_PRINCIPAL); complete some before starting more.`,
      );
    }
    if (this.active >= total)
      return limitError(`The gateway serves at most ${total} subscriptions at once (MAX_SUBSCRIPTIONS); try again later.`);
    connection.held += 1;
    this.byPrincipal.set(principalId, ofPrincipal + 1);
    this.active += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      connection.held -= 1;
      this.active -= 1;
      const left = (this.byPrincipal.get(principalId) ?? 1) - 1;
      if (left > 0) this.byPrincipal.set(principalId, left);
      else this.byPrincipal.delete(principalId);
    };
  }
}

function limitError(message: string): GraphQLError {
  return gatewayError(ErrorCode.LIMIT_EXCEEDED, message, { limit: 'subscriptions', http: { status: 429 } });
}
