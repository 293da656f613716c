import { alertEmail, deadlineLink, digestEmail, londonWallTime } from './email-format';

describe('alert emails', () => {
  const base = 'https://casewatch.example.gov.uk/';
  const overdue = { rule: 'cp-visit', subject: 'C1029384', kind: 'overdue' as const, dueAt: new Date('2026-10-13T22:59:59Z') };

  it('give due times as London wall-clock time, BST in summer and GMT in winter', () => {
    expect(londonWallTime(new Date('2026-10-13T22:59:59Z'))).toBe('2026-10-13 23:59');
    expect(londonWallTime(new Date('2026-12-01T23:59:59Z'))).toBe('2026-12-01 23:59');
  });

  it('link to the child’s deadlines under the rule in every state', () => {
    expect(deadlineLink(base, 'la 999', overdue)).toBe(
      'https://casewatch.example.gov.uk/v1/tenants/la%20999/deadlines?subject=C1029384&rule=cp-visit&state=open%2Cdue-soon%2Coverdue%2Cmet%2Cmet-late%2Ccancelled',
    );
  });

  it('say the kind, rule, child id, due date and link, and nothing else', () => {
    const email = alertEmail(base, 'demo', overdue);
    expect(email.subject).toBe('[Casewatch] Overdue: cp-visit, child C1029384');
    expect(email.text).toBe(
      ['Overdue: cp-visit', 'Child: C1029384', 'Due: 2026-10-13 23:59 London time', `Deadline: ${deadlineLink(base, 'demo', overdue)}`, ''].join('\n'),
    );
  });

  it('give the reason of a resolution', () => {
    const email = alertEmail(base, 'demo', { ...overdue, kind: 'resolved', reason: 'met-late' });
    expect(email.subject).toBe('[Casewatch] Resolved (met late): cp-visit, child C1029384');
    expect(email.text.split('\n')[0]).toBe('Resolved (met late): cp-visit');
  });

  it('gather a day of alerts into one digest', () => {
    const soon = { rule: 'pep', subject: 'C2', kind: 'due-soon' as const, dueAt: null };
    const email = digestEmail(base, 'demo', '2026-11-20', [overdue, soon]);
    expect(email.subject).toBe('[Casewatch] Daily digest 2026-11-20: 2 alerts');
    const blocks = email.text.trimEnd().split('\n\n');
    expect(blocks[0]).toBe('2 alerts since the last digest.');
    expect(blocks[1]).toBe(alertEmail(base, 'demo', overdue).text.trimEnd());
    expect(blocks[2].split('\n').slice(0, 3)).toEqual(['Due soon: pep', 'Child: C2', 'Due: unknown']);
  });

  it('say plainly that a reminder is still overdue and not acknowledged, after the new alerts', () => {
    const soon = { rule: 'pep', subject: 'C2', kind: 'due-soon' as const, dueAt: null };
    const email = digestEmail(base, 'demo', '2026-11-21', [soon], [overdue]);
    expect(email.subject).toBe('[Casewatch] Daily digest 2026-11-21: 1 alert, 1 still overdue');
    const blocks = email.text.trimEnd().split('\n\n');
    expect(blocks[0]).toBe('1 alert since the last digest; 1 earlier alert still overdue, not acknowledged.');
    expect(blocks[1].split('\n')[0]).toBe('Due soon: pep');
    expect(blocks[2]).toBe(
      [
        'Still overdue, not acknowledged: cp-visit',
        'Child: C1029384',
        'Due: 2026-10-13 23:59 London time',
        `Deadline: ${deadlineLink(base, 'demo', overdue)}`,
      ].join('\n'),
    );
  });

  it('send a digest of reminders alone when nothing new came', () => {
    const email = digestEmail(base, 'demo', '2026-11-22', [], [overdue, { ...overdue, subject: 'C7' }]);
    expect(email.subject).toBe('[Casewatch] Daily digest 2026-11-22: no new alerts, 2 still overdue');
    const blocks = email.text.trimEnd().split('\n\n');
    expect(blocks[0]).toBe('No new alerts since the last digest; 2 earlier alerts still overdue, not acknowledged.');
    expect(blocks.slice(1).map((b) => b.split('\n').slice(0, 2).join(' / '))).toEqual([
      'Still overdue, not acknowledged: cp-visit / Child: C1029384',
      'Still overdue, not acknowledged: cp-visit / Child: C7',
    ]);
  });
});
