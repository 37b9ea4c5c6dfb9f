/** The live-updates routes of the HTTP API: what opens a console's WebSocket. */
import * as z from 'zod';
import { READERS } from '../../domain/roles.ts';
import { AUTH_PROBLEMS, route } from './route.ts';

export const createLiveTicketRoute = route({
  operationId: 'createLiveTicket',
  method: 'POST',
  path: '/v1/live/tickets',
  tag: 'live',
  summary: 'A single-use ticket to open a live-updates WebSocket with (`?ticket=`), valid for 30 seconds',
  description:
    'The WebSocket carries no token: the ticket stands for the caller, is used once, and the connection ends when the token it was issued for expires.',
  roles: READERS,
  responses: {
    201: {
      description: 'The ticket; present it at once',
      schema: z.object({ ticket: z.string(), expiresAt: z.string().meta({ description: 'ISO 8601' }) }).meta({ id: 'LiveTicket' }),
    },
  },
  problems: [...AUTH_PROBLEMS],
});
