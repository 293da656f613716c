import { Type, type Static } from '@sinclair/typebox';
import { Code } from '../fields';
import { EventData } from './event-data';

export const ChildDetailsRecordedData = EventData({
  // Month precision is preferred: less identifying, and enough for age bands.
  birthDate: Type.Optional(
    Type.Union([Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' }), Type.String({ format: 'date' })], {
      description: 'a month YYYY-MM or a date YYYY-MM-DD',
    }),
  ),
  unborn: Type.Optional(Type.Boolean()),
  sex: Type.Optional(Code('a sex code')),
  ethnicity: Type.Optional(Code('an ethnicity code (e.g. WBRI)')),
  disability: Type.Optional(Type.Boolean()),
});
export type ChildDetailsRecordedData = Static<typeof ChildDetailsRecordedData>;
