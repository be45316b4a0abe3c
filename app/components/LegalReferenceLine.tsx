import { formatDate } from "~/domain/format";

/** A decision as citizens read it: "Quyết định số 522/QĐ-UBND ngày 25/01/2017 của Ủy ban nhân dân thành phố Hà Nội". */
export function LegalReferenceLine({ reference }: { reference: { number: string; title?: string; issuer?: string; issuedDate?: string } }) {
  return (
    <>
      {reference.title ? `${reference.title}, ` : ""}số {reference.number}
      {reference.issuedDate ? ` ngày ${formatDate(reference.issuedDate)}` : ""}
      {reference.issuer ? ` của ${reference.issuer}` : ""}
    </>
  );
}
