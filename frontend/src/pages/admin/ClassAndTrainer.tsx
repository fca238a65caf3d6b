import { useState } from "react";
import { SelectField } from "../../components/Field";
import { useClassTypes, useTrainers } from "../../features/schedule/api";
import { useI18n } from "../../i18n";

/**
 * The class type and trainer of a new session or series: `selects` shows a select for each, and
 * until the admin picks one the first of each list counts.
 */
export function useClassAndTrainer() {
  const { t } = useI18n();
  const types = useClassTypes();
  const trainers = useTrainers();
  const [typeId, setTypeId] = useState("");
  const [trainerId, setTrainerId] = useState("");
  return {
    classType: types.data?.find((c) => String(c.id) === (typeId || String(types.data?.[0]?.id))),
    classTypeId: Number(typeId || types.data?.[0]?.id),
    trainerId: Number(trainerId || trainers.data?.[0]?.id),
    selects: (
      <>
        <SelectField label={t("admin.classType")} value={typeId} onChange={setTypeId}
          options={(types.data ?? []).map((c) => ({ value: String(c.id), label: c.name ?? "" }))} />
        <SelectField label={t("admin.trainer")} value={trainerId} onChange={setTrainerId}
          options={(trainers.data ?? []).map((tr) => ({ value: String(tr.id), label: tr.name ?? "" }))} />
      </>
    ),
  };
}
