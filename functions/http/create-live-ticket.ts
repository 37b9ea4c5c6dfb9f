import { issueLiveTicket } from '../../shared/app/live/issue-live-ticket.ts';
import { createLiveTicketRoute } from '../../shared/entry/api/live.ts';
import { liveTicketsApi } from '../../shared/entry/compose/live.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, tickets } = liveTicketsApi();

export const handler = httpRoute(createLiveTicketRoute, http).handle(async ({ principal }) => ({
  status: 201,
  body: await issueLiveTicket({ tickets }, principal),
}));
