import { ErrorCode, gatewayError } from '../kernel/errors.js';

/** What a call spends before it goes upstream: one unit, or a LIMIT_EXCEEDED throw (the call must then not be made). */
export interface CallBudget {
  spend(operation: string): void;
}

/** No limit: for calls that belong to no GraphQL operation (the live pollers, the readiness probe). */
export const NO_BUDGET_LIMIT: CallBudget = { spend() {} };

/**
 * How many upstream IVS calls one operation (one HTTP request) may make: IVS allows about 5 calls per
 * second per account, region and operation, shared by every caller, so one operation must not be
 * able to spend it all. Calls are counted when they really go upstream (de-duplicated loads, batched
 * channels and cache hits are free); once the budget is spent, every further call fails its own
 * fields with LIMIT_EXCEEDED and IVS is not called. SDK retries of one call are not counted again.
 */
export class IvsCallBudget implements CallBudget {
  private spent = 0;

  constructor(readonly limit: number) {}

  /** IVS calls made so far. */
  get used(): number {
    return this.spent;
  }

  /** Takes one call from the budget, or throws LIMIT_EXCEEDED (the call must then not be made). */
  spend(operation: string): void {
    if (this.spent < this.limit) {
      this.spent += 1;
      return;
    }
    throw gatewayError(
      ErrorCode.LIMIT_EXCEEDED,
      `This operation needs more than ${this.limit} IVS calls (the per-operation budget, IVS_CALL_BUDGET), so ${operation} was not called; ` +
        'ask for fewer distinct sessions, channels or pages in one operation, or split it into several.',
      { limit: 'ivsCallBudget', budget: this.limit },
    );
  }
}
