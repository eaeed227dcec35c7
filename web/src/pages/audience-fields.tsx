import { Field } from '../components/ui';
import { splitList } from '../components/widgets';

/** One target audience as the forms edit it (text inputs), and as the API takes it. */
export interface AudienceDraft {
  name: string;
  countries: string;
  ageMin: string;
  ageMax: string;
  interests: string;
}

export interface Audience {
  name: string;
  countries: string[];
  ageMin: number;
  ageMax: number;
  interests: string[];
}

export function audienceDraftOf(audience: Audience | undefined): AudienceDraft {
  return {
    name: audience?.name ?? '',
    countries: audience?.countries.join(', ') ?? '',
    ageMin: String(audience?.ageMin ?? 18),
    ageMax: String(audience?.ageMax ?? 65),
    interests: audience?.interests.join(', ') ?? '',
  };
}

export function audienceOf(draft: AudienceDraft): Audience {
  return {
    name: draft.name,
    countries: splitList(draft.countries),
    ageMin: Number(draft.ageMin),
    ageMax: Number(draft.ageMax),
    interests: splitList(draft.interests),
  };
}

/**
 * The first audience of a strategy or campaign request (`audiences.0` in the API's field
 * errors): name, countries, ages and interests.
 */
export function AudienceFields({
  value,
  onChange,
  fieldError,
}: {
  value: AudienceDraft;
  onChange: (value: AudienceDraft) => void;
  fieldError: (field: string) => string | undefined;
}) {
  const set = (key: keyof AudienceDraft) => (text: string) => onChange({ ...value, [key]: text });
  return (
    <>
      <Field
        label="Audience"
        name="audience_name"
        value={value.name}
        onChange={set('name')}
        error={fieldError('audiences.0.name')}
      />
      <Field
        label="Countries (ISO codes, comma separated)"
        name="audience_countries"
        value={value.countries}
        onChange={set('countries')}
        error={fieldError('audiences.0.countries')}
      />
      <Field
        label="Age from"
        name="age_min"
        type="number"
        value={value.ageMin}
        onChange={set('ageMin')}
        error={fieldError('audiences.0.ageMin')}
      />
      <Field
        label="Age to"
        name="age_max"
        type="number"
        value={value.ageMax}
        onChange={set('ageMax')}
        error={fieldError('audiences.0.ageMax')}
      />
      <Field
        label="Interests"
        name="interests"
        value={value.interests}
        onChange={set('interests')}
        error={fieldError('audiences.0.interests')}
      />
    </>
  );
}
