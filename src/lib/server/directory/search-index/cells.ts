/**
 * A grid over the earth, 0.2° × 0.2° cells numbered row by row from the south-west:
 * floor((latitude + 90) / 0.2) × 1800 + floor((longitude + 180) / 0.2). A build reads the services in cell
 * order (load.ts), so the services around a point are a few runs of document numbers (index.ts).
 */
export const CELL_DEGREES = 0.2;
export const CELL_COLUMNS = 1800;
