// Care leavers: pathway contacts from leaving care (or, for those who left before the window,
// from their first appearance) until their 21st birthday, to 25 for about one in ten.
import { DAY, birthday } from '../calendar';
import { CORRECT, LATE, type Child } from '../child';

/**
 * Approx. national shares for care leavers aged 19–21 (CLA 2024): ~90% in touch, ~88% of those in
 * suitable accommodation, ~55% in education, employment or training.
 */
export function careLeaver(c: Child, t: number): void {
  const until = birthday(c.birthDay, c.rng.chance(0.1) ? 25 : 21) * DAY;
  const contact = (at: number): void => {
    c.at(
      at,
      () => {
        if (c.now >= until) return;
        const inTouch = c.rng.chance(0.9);
        const data: Record<string, unknown> = { inTouch };
        if (inTouch) {
          data.suitableAccommodation = c.rng.chance(0.88);
          data.eet = c.rng.chance(c.ageAt(c.now) < 19 ? 0.62 : 0.52);
        }
        c.emit(c.now, 'csc.care-leaver.contact-recorded', data, LATE | CORRECT);
        contact(c.days(c.now, c.rng.int(35, 75)));
      },
      true,
    );
  };
  contact(t);
}
