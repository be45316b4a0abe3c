import type { Fee, FeeRule } from "../generated/fee";
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
