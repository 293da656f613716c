// What a correction changes, and what a mistaken second entry looks like. Corrections keep the
// practice time and the subject, change a field someone got wrong, and supersede the original.
import type { Child, Data, Pending } from './child';
import { CP_CATEGORIES, PRIMARY_NEEDS, REFERRAL_SOURCES } from './codes';

function other<T>(c: Child, values: readonly T[], current: unknown): T {
  const choices = values.filter((v) => v !== current);
  return c.rng.pick(choices.length > 0 ? choices : values);
}

/** The corrected data for an event, or undefined when this type has nothing to correct. */
export function correctedData(c: Child, ev: Pending): Data | undefined {
  const data: Data = { ...ev.data };
  switch (ev.type) {
    case 'csc.visit.completed':
      if (data.seen === false) {
        data.seen = true;
        data.seenAlone = c.rng.chance(0.5);
      } else {
        data.seenAlone = !data.seenAlone;
      }
      return data;
    case 'csc.referral.received':
      data.primaryNeed = other(
        c,
        PRIMARY_NEEDS.map(([code]) => code),
        data.primaryNeed,
      );
      return data;
    case 'csc.contact.received':
      data.source = other(
        c,
        REFERRAL_SOURCES.map(([code]) => code),
        data.source,
      );
      return data;
    case 'csc.assessment.completed': {
      const factors = (data.factors as string[]).filter((f) => f !== '21');
      data.factors = factors.includes('3B') ? factors.filter((f) => f !== '3B') : [...factors, '3B'];
      if ((data.factors as string[]).length === 0) data.factors = ['21'];
      return data;
    }
    case 'csc.cp-plan.started':
      data.category = other(
        c,
        CP_CATEGORIES.map(([code]) => code),
        data.category,
      );
      return data;
    case 'csc.lac.started':
    case 'csc.lac.placement-changed':
      if (data.provider === 'PR4' || data.provider === 'PR5') data.provider = data.provider === 'PR4' ? 'PR5' : 'PR4';
      else if (data.placementType === 'U4' || data.placementType === 'U5') data.placementType = data.placementType === 'U4' ? 'U5' : 'U4';
      else return undefined;
      return data;
    case 'csc.child.details-recorded':
      if (data.unborn === true) return undefined;
      if (typeof data.ethnicity === 'string') data.ethnicity = data.ethnicity === 'WBRI' ? 'WOTH' : 'WBRI';
      else data.sex = data.sex === 'M' ? 'F' : 'M';
      return data;
    case 'csc.care-leaver.contact-recorded':
      if (data.inTouch === true) data.eet = !data.eet;
      else return undefined;
      return data;
    default:
      return undefined;
  }
}

/** A second entry of the same happening, made by mistake: the same facts under new record ids. */
export function duplicateData(c: Child, ev: Pending): Data {
  const data: Data = { ...ev.data };
  if (typeof data.visitId === 'string') data.visitId = c.id('V');
  if (typeof data.contactId === 'string') data.contactId = c.id('CT');
  return data;
}
