import type { Fee, FeeRule } from "../generated/fee";
import type { Procedure } from "../generated/procedure";
import { formatMoney, formatNumber } from "./format";

/**
 * Fee rules as data (schemas/fee.schema.json): free, a fixed amount per case or item, or per-unit tiers with an
 * optional cap per item — e.g. the certified copy fee of Thông tư 226/2016/TT-BTC: 2.000 đồng/page for pages
 * 1–2, 1.000 đồng/page from page 3, at most 200.000 đồng per copy.
 */

export type { FeeRule };

/** One dated rate of a fee (fee.schema.json `rates` items), as generated from the schema. */
export type FeeRate = Fee["rates"][number];

/** One line a citizen can read, e.g. "2.000 đồng/trang từ trang 1 đến trang 2; …; tối đa 200.000 đồng/bản". */
export function describeFeeRule(rule: FeeRule): string {
  switch (rule.type) {
    case "free":
      return "Miễn phí";
    case "fixed":
      return rule.per ? `${formatMoney(rule.amount)}/${rule.per}` : formatMoney(rule.amount);
    case "tiered": {
      const parts = rule.tiers.map((tier) => {
        const range =
          tier.to === undefined
            ? `từ ${rule.unit} thứ ${formatNumber(tier.from)} trở đi`
            : tier.from === tier.to
              ? `${rule.unit} thứ ${formatNumber(tier.from)}`
              : `từ ${rule.unit} thứ ${formatNumber(tier.from)} đến ${rule.unit} thứ ${formatNumber(tier.to)}`;
        return `${formatMoney(tier.amountPerUnit)}/${rule.unit} ${range}`;
      });
      if (rule.maxPerItem !== undefined) parts.push(`tối đa ${formatMoney(rule.maxPerItem)}/${rule.item}`);
      return parts.join("; ");
    }
  }
}

/** Amount due for `items` copies of `units` units each (tiered), or `items` cases (fixed). */
export function calculateFee(rule: FeeRule, input: { units?: number; items?: number }): number {
  const items = input.items ?? 1;
  switch (rule.type) {
    case "free":
      return 0;
    case "fixed":
      return rule.amount * items;
    case "tiered": {
      const units = input.units ?? 0;
      let perItem = 0;
      for (const tier of rule.tiers) {
        const upper = Math.min(units, tier.to ?? Number.POSITIVE_INFINITY);
        if (upper >= tier.from) perItem += (upper - tier.from + 1) * tier.amountPerUnit;
      }
      if (rule.maxPerItem !== undefined) perItem = Math.min(perItem, rule.maxPerItem);
      return perItem * items;
    }
  }
}

/** The rate in force on a day for a channel: a channel-specific rate wins over one for all channels. */
export function rateInForce(rates: FeeRate[], day: string, channel?: FeeRate["channel"]): FeeRate | undefined {
  const inForce = rates.filter((r) => r.effectiveFrom <= day && (!r.effectiveTo || day <= r.effectiveTo));
  return inForce.find((r) => r.channel === channel && channel !== undefined) ?? inForce.find((r) => !r.channel);
}

type ChannelFee = NonNullable<Procedure["channels"][number]["fees"]>[number];

/** What a channel says when it records no fee. */
export const NO_FEE_TEXT = "Không quy định";

/** A channel's fee in the words of the procedure page: its kind, its amount (or the referenced fee's rule today), notes. */
export interface ChannelFeeText {
  kind: string;
  /** "miễn", "2.000 đồng", the referenced fee's rule in force ("2.000 đồng/bản"), or null when none is known. */
  amount: string | null;
  description: string | null;
  /** The name of the fee document it refers to. */
  source: string | null;
}

/**
 * The fees of a channel as the public page, the print pack and the spreadsheet exports word them: an amount written in
 * the procedure wins, else the rule in force of the fee it refers to.
 */
export function channelFeeTexts(
  fees: readonly ChannelFee[] | undefined,
  refs: Readonly<Record<string, { name: string; ruleToday: string | null }>>,
  kindLabels: Readonly<Record<string, string>>,
): ChannelFeeText[] {
  return (fees ?? []).map((fee) => {
    const ref = fee.feeCode ? refs[fee.feeCode] : undefined;
    const amount = fee.amount ? (fee.amount.amount === 0 ? "miễn" : formatMoney(fee.amount.amount, fee.amount.currency ?? null)) : (ref?.ruleToday ?? null);
    return { kind: kindLabels[fee.kind] ?? fee.kind, amount, description: fee.description ?? null, source: ref?.name ?? null };
  });
}

/** One fee as one line of text: "Lệ phí 2.000 đồng/bản – mô tả (Lệ phí chứng thực)". */
export function channelFeeLine(fee: ChannelFeeText): string {
  return `${fee.kind}${fee.amount ? ` ${fee.amount}` : ""}${fee.description ? ` – ${fee.description}` : ""}${fee.source ? ` (${fee.source})` : ""}`;
}
