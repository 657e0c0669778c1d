/** Signed webhook requests already accepted, per flow, until their signature's time is up. */
export interface ReplayStore {
  /**
   * Records `signature` for the flow until `expiresAt`; false when it is recorded already and its time
   * is not up at `now` (a replay).
   */
  claim(flowId: string, signature: string, expiresAt: number, now: number): Promise<boolean>;
  release(flowId: string, signature: string): Promise<void>;
  /** Forgets the signatures whose time was up at `now`. */
  prune(now: number): Promise<void>;
}
