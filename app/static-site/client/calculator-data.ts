import type { CalculatorData } from "~/domain/calculators";

/**
 * What a procedure page of the static site carries for its calculators (inline, #du-lieu-tinh-toan), and the
 * global the holiday calendars are set on, once for the site (assets/lich-lam-viec.js).
 */
export type ProcedureCalculatorData = Omit<CalculatorData, "calendars">;

export const CALENDAR_GLOBAL = "NIEMYET_LICH_LAM_VIEC";
