/** Types of ui-cost-file.mjs (plain JS, so measure-ui.mjs imports it before tsx is registered). */
export function generateCost(file: string, rows: number): Promise<void>;
