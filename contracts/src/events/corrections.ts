import { type Static } from '@sinclair/typebox';
import { RecordId } from '../fields';
import { EventData } from './event-data';

/** Withdraws the event with this `id` from the same `source`, for every period. */
export const EventRetractedData = EventData({ id: RecordId });
export type EventRetractedData = Static<typeof EventRetractedData>;
