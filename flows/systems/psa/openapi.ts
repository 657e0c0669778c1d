import { z } from 'zod';
import { dateSchema } from '../kit/money.ts';
import { badRequest, conflictAnswer, notFoundAnswer, type Operation, unprocessable } from '../kit/openapi.ts';
import {
  assignmentCreate,
  byProject,
  changesQuery,
  milestoneCreate,
  projectCreate,
  projectQuery,
  timeEntryCreate,
  timeQuery,
} from './schemas.ts';

const project = z.strictObject({
  projectId: z.string(),
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  clientRef: z.string().nullable(),
  serviceLine: z.string().nullable(),
  region: z.string().nullable(),
  startDate: dateSchema.nullable(),
  endDate: dateSchema.nullable(),
  budgetHours: z.number(),
  status: z.enum(['planned', 'active']),
});
const assignment = z.strictObject({
  id: z.string(),
  projectCode: z.string(),
  consultant: z.string(),
  role: z.string(),
  startDate: dateSchema.nullable(),
  endDate: dateSchema.nullable(),
});
const timeEntry = z.strictObject({
  id: z.string(),
  projectCode: z.string(),
  consultant: z.string(),
  role: z.string(),
  date: dateSchema,
  hours: z.number(),
  billable: z.boolean(),
  notes: z.string(),
  status: z.enum(['submitted', 'approved']),
  updatedAt: z.iso.datetime(),
  version: z.number().int().min(1),
});
const milestone = z.strictObject({
  id: z.string(),
  projectCode: z.string(),
  code: z.string(),
  title: z.string(),
  status: z.enum(['open', 'accepted']),
  acceptedAt: z.iso.datetime().nullable(),
});
const changesPage = z.strictObject({
  timeEntries: z.array(timeEntry),
  nextCursor: z.strictObject({ since: z.iso.datetime(), afterId: z.string().nullable() }),
  hasMore: z.boolean(),
});

const ok = (description: string, schema: z.ZodType) => ({ description, schema });
const code = { code: 'Project code' };
const id = (what: string) => ({ id: `${what} id` });

/** Every route of the PSA's API, as the OpenAPI document describes it. */
export const psaOperations: Operation[] = [
  {
    method: 'get',
    path: '/projects',
    operationId: 'listProjects',
    summary: 'List projects, optionally under a parent or for a client',
    query: projectQuery,
    responses: { 200: ok('The projects', z.strictObject({ projects: z.array(project) })), 400: badRequest },
  },
  {
    method: 'get',
    path: '/projects/:code',
    operationId: 'getProject',
    summary: 'Get a project by its code',
    params: code,
    responses: { 200: ok('The project', project), 404: notFoundAnswer },
  },
  {
    method: 'post',
    path: '/projects',
    operationId: 'createProject',
    summary: 'Create a project (its code must be new; a parent must exist)',
    body: projectCreate,
    responses: {
      201: ok('The created project', project),
      400: badRequest,
      409: conflictAnswer,
      422: unprocessable,
    },
  },
  {
    method: 'post',
    path: '/projects/batch',
    operationId: 'createProjects',
    summary: 'Create several projects at once: all of them or none',
    body: z.object({ projects: z.array(projectCreate).min(1).max(100) }),
    responses: {
      201: ok('The created projects', z.strictObject({ projects: z.array(project) })),
      400: badRequest,
      409: conflictAnswer,
      422: unprocessable,
    },
  },
  {
    method: 'get',
    path: '/assignments',
    operationId: 'listAssignments',
    summary: 'List assignments, optionally of one project',
    query: byProject,
    responses: { 200: ok('The assignments', z.strictObject({ assignments: z.array(assignment) })), 400: badRequest },
  },
  {
    method: 'post',
    path: '/assignments',
    operationId: 'createAssignment',
    summary: 'Assign a consultant to a project',
    body: assignmentCreate,
    responses: { 201: ok('The created assignment', assignment), 400: badRequest },
  },
  {
    method: 'get',
    path: '/time-entries',
    operationId: 'listTimeEntries',
    summary: 'List time entries by project, status and period',
    query: timeQuery,
    responses: {
      200: ok('The time entries', z.strictObject({ timeEntries: z.array(timeEntry) })),
      400: badRequest,
      422: unprocessable,
    },
  },
  {
    method: 'get',
    path: '/time-entries/changes',
    operationId: 'listTimeEntryChanges',
    summary: 'Time entries changed since a cursor, ordered by (updatedAt, id), each with its version',
    query: changesQuery,
    responses: { 200: ok('One page of changed entries and the cursor after it', changesPage), 400: badRequest },
  },
  {
    method: 'post',
    path: '/time-entries',
    operationId: 'createTimeEntry',
    summary: 'Submit a time entry',
    body: timeEntryCreate,
    responses: { 201: ok('The submitted time entry', timeEntry), 400: badRequest },
  },
  {
    method: 'post',
    path: '/time-entries/:id/approve',
    operationId: 'approveTimeEntry',
    summary: 'Approve a submitted time entry (emits time.approved)',
    params: id('Time entry'),
    responses: { 200: ok('The approved time entry', timeEntry), 404: notFoundAnswer, 409: conflictAnswer },
  },
  {
    method: 'get',
    path: '/milestones',
    operationId: 'listMilestones',
    summary: 'List milestones, optionally of one project',
    query: byProject,
    responses: { 200: ok('The milestones', z.strictObject({ milestones: z.array(milestone) })), 400: badRequest },
  },
  {
    method: 'post',
    path: '/milestones',
    operationId: 'createMilestone',
    summary: 'Create an open milestone',
    body: milestoneCreate,
    responses: { 201: ok('The created milestone', milestone), 400: badRequest },
  },
  {
    method: 'post',
    path: '/milestones/:id/accept',
    operationId: 'acceptMilestone',
    summary: 'Accept an open milestone (emits milestone.accepted)',
    params: id('Milestone'),
    responses: { 200: ok('The accepted milestone', milestone), 404: notFoundAnswer, 409: conflictAnswer },
  },
];

export const psaOpenApi = {
  title: 'Sample PSA',
  description: 'Projects, assignments, time entries and milestones of the sample professional services system',
  operations: psaOperations,
};
