import { z } from 'zod';
import { dateSchema } from '../kit/money.ts';

export const projectCreate = z.strictObject({
  code: z.string().min(1),
  name: z.string().min(1),
  parentCode: z.string().min(1).nullable().default(null),
  clientRef: z.string().nullable().default(null),
  serviceLine: z.string().nullable().default(null),
  region: z.string().nullable().default(null),
  startDate: dateSchema.nullable().default(null),
  endDate: dateSchema.nullable().default(null),
  budgetHours: z.number().min(0).default(0),
  status: z.enum(['planned', 'active']).default('planned'),
});

export const assignmentCreate = z.strictObject({
  projectCode: z.string().min(1),
  consultant: z.string().min(1),
  role: z.string().min(1),
  startDate: dateSchema.nullable().default(null),
  endDate: dateSchema.nullable().default(null),
});

export const timeEntryCreate = z.strictObject({
  projectCode: z.string().min(1),
  consultant: z.string().min(1),
  role: z.string().min(1),
  date: dateSchema,
  hours: z.number().positive().max(24),
  billable: z.boolean().default(true),
  notes: z.string().default(''),
});

export const milestoneCreate = z.strictObject({
  projectCode: z.string().min(1),
  code: z.string().min(1),
  title: z.string().min(1),
});

export const projectQuery = z.object({ parentCode: z.string().optional(), clientRef: z.string().optional() });
export const byProject = z.object({ projectCode: z.string().optional() });
export const timeQuery = z.object({
  projectCode: z.string().optional(),
  status: z.enum(['submitted', 'approved']).optional(),
  /** A period: entries dated from this day on (inclusive). */
  from: dateSchema.optional(),
  /** A period: entries dated up to this day (inclusive). */
  to: dateSchema.optional(),
});

/** A page of time entries changed since a cursor: (updatedAt, id) after (since, afterId). */
export const changesQuery = z.object({
  since: z.iso.datetime({ offset: true }).describe('Changes at or after this ISO timestamp').optional(),
  afterId: z.string().min(1).describe('With since: only entries after this id at that exact timestamp').optional(),
  limit: z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(500))
    .describe('Entries per page, 1 to 500 (default 100)')
    .optional(),
});
