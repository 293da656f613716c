/** One key per child (tenant, subject), for maps and lock order. */
export const childKey = (tenant: string, subject: string): string => `${tenant}\u0000${subject}`;
