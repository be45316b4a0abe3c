import { Fragment } from "react";

/** Custom fields the admin marked public, with their values (app/domain/custom-fields), as items of a `dl.facts`. */
export function CustomValueItems({ items }: { items: readonly { name: string; title: string; text: string }[] }) {
  return (
    <>
      {items.map((item) => (
        <Fragment key={item.name}>
          <dt>{item.title}</dt>
          <dd>{item.text}</dd>
        </Fragment>
      ))}
    </>
  );
}
