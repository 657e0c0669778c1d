export interface Project {
  projectId: string;
  code: string;
  name: string;
  parentCode: string | null;
  clientRef: string | null;
  serviceLine: string | null;
  region: string | null;
  startDate: string | null;
  endDate: string | null;
  budgetHours: number;
  status: 'planned' | 'active';
}

export interface Assignment {
  id: string;
  projectCode: string;
  consultant: string;
  role: string;
  startDate: string | null;
  endDate: string | null;
}

export interface TimeEntry {
  id: string;
  projectCode: string;
  consultant: string;
  role: string;
  date: string;
  hours: number;
  billable: boolean;
  notes: string;
  status: 'submitted' | 'approved';
  /** When it last changed (ISO timestamp). */
  updatedAt: string;
  /** 1 when created, one more on every change. */
  version: number;
}

export interface Milestone {
  id: string;
  projectCode: string;
  code: string;
  title: string;
  status: 'open' | 'accepted';
  acceptedAt: string | null;
}

export interface PsaStore {
  /** Keyed by project code (the id used in routes). */
  projects: Map<string, Project>;
  assignments: Map<string, Assignment>;
  timeEntries: Map<string, TimeEntry>;
  milestones: Map<string, Milestone>;
  seq: { project: number; assignment: number; timeEntry: number; milestone: number };
}

export const seedPsa = (): PsaStore => ({
  projects: new Map(),
  assignments: new Map(),
  timeEntries: new Map(),
  milestones: new Map(),
  seq: { project: 0, assignment: 0, timeEntry: 0, milestone: 0 },
});
