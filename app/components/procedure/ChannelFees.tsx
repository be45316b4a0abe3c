import { channelFeeTexts, NO_FEE_TEXT } from "~/domain/fees";
import type { ProcedureView } from "~/models/procedure.server";
import type { ProcedurePageLabels } from "~/routes/procedure.server";

type Channel = ProcedureView["procedure"]["channels"][number];

/**
 * A channel's fees and charges in the words of the procedure page: "Lệ phí: miễn", "Phí: 2.000 đồng/trang …
 * (Phí chứng thực …)". The procedure page and the notice-board print pack both show them with this component; the
 * spreadsheet exports word them with the same channelFeeTexts (app/domain/fees.ts).
 */
export function ChannelFees({ channel, fees, feeKinds }: { channel: Channel; fees: ProcedureView["fees"]; feeKinds: ProcedurePageLabels["options"]["feeKind"] }) {
  const texts = channelFeeTexts(channel.fees, fees, feeKinds);
  if (!texts.length) return <>{NO_FEE_TEXT}</>;
  return (
    <ul className="plain-list">
      {texts.map((fee, i) => (
        <li key={i}>
          <span className="fee-kind">{fee.kind}</span>
          {fee.amount ? `: ${fee.amount}` : null}
          {fee.description ? <span className="fee-note"> – {fee.description}</span> : null}
          {fee.source ? <span className="fee-note"> ({fee.source})</span> : null}
        </li>
      ))}
    </ul>
  );
}
