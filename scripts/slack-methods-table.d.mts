export function renderMethodTable(spec: unknown): string;
