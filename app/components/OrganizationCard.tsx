import { CustomValueItems } from "~/components/CustomValues";
import { formatWorkingSlot } from "~/domain/format";
import type { Organization } from "~/generated";

/** Where and when the one-stop desk receives citizens. */
export function OrganizationCard({
  organization,
  extra = [],
}: {
  organization: Organization;
  extra?: readonly { name: string; title: string; text: string }[];
}) {
  return (
    <section className="org-card" aria-labelledby="org-title">
      <h2 id="org-title">Bộ phận Một cửa</h2>
      <dl className="facts">
        <dt>Địa chỉ</dt>
        <dd>{organization.address}</dd>
        {organization.hotline ? (
          <>
            <dt>Đường dây nóng</dt>
            <dd>
              <a href={`tel:${organization.hotline.replace(/[^\d+]/g, "")}`}>{organization.hotline}</a>
            </dd>
          </>
        ) : null}
        {organization.email ? (
          <>
            <dt>Thư điện tử</dt>
            <dd>
              <a href={`mailto:${organization.email}`}>{organization.email}</a>
            </dd>
          </>
        ) : null}
        <dt>Giờ tiếp nhận hồ sơ</dt>
        <dd>
          <ul className="plain-list">
            {organization.workingHours.map((slot, i) => (
              <li key={i}>
                {formatWorkingSlot(slot)}
              </li>
            ))}
          </ul>
        </dd>
        {/* Custom fields the admin marked public (app/domain/custom-fields). */}
        <CustomValueItems items={extra} />
      </dl>
    </section>
  );
}
