/** The triage routes: responders correct decisions, and the tenant's model learns from them. */
import * as z from 'zod';
import { correctionBodySchema } from '../../app/triage/correct-alert.ts';
import { ADMINS, READERS, RESPONDERS } from '../../domain/roles.ts';
import { AUTH_PROBLEMS, BODY_PROBLEMS, idParam, page, route } from './route.ts';
import { correctionView } from './views.ts';

/** A correction's id (correct-alert.ts derives them): anything else is a 400, not a lookup. */
const correctionIdParam = z.string().regex(/^cor_[0-9a-f]{20}$/, 'a correction id is cor_ and 20 hex digits');

export const createCorrectionRoute = route({
  operationId: 'createCorrection',
  method: 'POST',
  path: '/v1/alerts/{id}/corrections',
  tag: 'triage',
  summary: "Correct an alert's triage decision; the tenant's model learns from it at once",
  description: [
    "The alert's decision shows the corrected values, decided by the correction, with the original beside it.",
    "Category, service and team carry over to the tenant's next similar alerts (those that share a telling word, such as a product name), severity to alerts of the same name.",
    'The same request repeated (same values, same Idempotency-Key or none) gives the same correction.',
  ].join(' '),
  roles: RESPONDERS,
  params: z.object({ id: idParam }),
  body: { schema: correctionBodySchema, required: true, what: 'correction', validatedBy: 'use case' },
  headers: { 'Idempotency-Key': 'Tells two deliberate identical corrections apart; a retry with the same key is the same correction' },
  responses: { 201: { description: 'The correction', schema: correctionView } },
  problems: [404, 409, ...BODY_PROBLEMS, ...AUTH_PROBLEMS],
});

export const listCorrectionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

export const listCorrectionsRoute = route({
  operationId: 'listCorrections',
  method: 'GET',
  path: '/v1/triage/corrections',
  tag: 'triage',
  summary: "The tenant's corrections, newest first",
  roles: READERS,
  query: listCorrectionsQuery,
  responses: { 200: { description: 'A page of corrections', schema: page(correctionView) } },
  problems: [400, ...AUTH_PROBLEMS],
});

export const removeCorrectionRoute = route({
  operationId: 'removeCorrection',
  method: 'DELETE',
  path: '/v1/triage/corrections/{id}',
  tag: 'triage',
  summary: 'Undo a correction: the alert gets its original decision back, and the model forgets what the correction taught',
  roles: ADMINS,
  params: z.object({ id: correctionIdParam }),
  responses: { 204: { description: 'Undone' } },
  problems: [400, 404, ...AUTH_PROBLEMS],
});
