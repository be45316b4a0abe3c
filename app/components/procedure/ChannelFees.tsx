import { formatMoney } from "~/domain/format";
import type { ProcedureView } from "~/models/procedure.server";
import type { ProcedurePageLabels } from "~/routes/procedure.server";

type Channel = ProcedureView["procedure"]["channels"][number];

/**
 * A channel's fees and charges in the words of the procedure page: "Lệ phí: miễn", "Phí: 2.000 đồng/trang …
 * (Phí chứng thực …)". The procedure page and the notice-board print pack both show them with this component.
 */
export function ChannelFees({ channel, fees, feeKinds }: { channel: Channel; fees: ProcedureView["fees"]; feeKinds: ProcedurePageLabels["options"]["feeKind"] }) {
  if (!channel.fees?.length) return <>Không quy định</>;
  return (
    <ul className="plain-list">
      {channel.fees.map((fee, i) => {
        const ref = fee.feeCode ? fees[fee.feeCode] : undefined;
        return (
          <li key={i}>
            <span className="fee-kind">{feeKinds[fee.kind] ?? fee.kind}</span>
            {fee.amount
              ? fee.amount.amount === 0
                ? ": miễn"
                : `: ${formatMoney(fee.amount.amount, fee.amount.currency ?? null)}`
              : ref?.ruleToday
                ? `: ${ref.ruleToday}`
                : null}
            {fee.description ? <span className="fee-note"> – {fee.description}</span> : null}
            {ref ? <span className="fee-note"> ({ref.name})</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
