import { randomUUID } from 'node:crypto';

/** What changed, for every process of an installation: each topic names a cache or a job to refresh. */
export const CHANGE_TOPICS = [
  'activations',
  'connections',
  'identity',
  'retention',
  'circuits',
  'admission',
  'runs',
  'lookups',
  'variables',
] as const;

export type ChangeTopic = (typeof CHANGE_TOPICS)[number];

export type ChangeListener = (topic: ChangeTopic, detail: string | null) => void;

/**
 * Change notifications between the processes of an installation (PostgreSQL: LISTEN/NOTIFY): a process
 * applies its own change itself and tells the others, whose listeners refresh. Sent after the change committed.
 */
export interface ChangeFeed {
  notify(topic: ChangeTopic, detail?: string | null): Promise<void>;
  listen(fn: ChangeListener): () => void;
  close(): Promise<void>;
}

/** This process's listeners, and its id in notifications (to recognise its own when they come back). */
export class LocalChanges {
  /** This process's id in notifications, so its own come back only once. */
  readonly origin = randomUUID();
  private readonly listeners = new Set<ChangeListener>();

  listen(fn: ChangeListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  deliver(topic: ChangeTopic, detail: string | null): void {
    for (const fn of this.listeners) {
      try {
        fn(topic, detail);
      } catch {
        // A listener's failure is its own (listeners log what they could not refresh).
      }
    }
  }
}

/** One process on its own database (SQLite): there is no other process to tell. */
export class ProcessChanges implements ChangeFeed {
  private readonly local = new LocalChanges();

  async notify(): Promise<void> {}

  listen(fn: ChangeListener): () => void {
    return this.local.listen(fn);
  }

  async close(): Promise<void> {}
}
