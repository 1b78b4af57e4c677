export const greeting = (who: string): string => `hello ${who}`;
