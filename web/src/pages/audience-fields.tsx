import {
  Controller,
  type Control,
  type FieldErrors,
  type FieldValues,
  type UseFormRegister,
} from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ChoiceGroup } from '../components/choice-group';
import { FormField } from '../components/form-field';
import { listOf } from './campaign-form-schema';
import { marketOptions } from './markets';

/** One target audience as the API takes it. */
export interface Audience {
  name: string;
  countries: string[];
  ageMin: number;
  ageMax: number;
  interests: string[];
}

/** The form's shape of an audience (ages and interests as typed). */
export interface AudienceDraft {
  name: string;
  countries: string[];
  ageMin: string;
  ageMax: string;
  interests: string;
}

export function audienceDraftOf(audience: Audience | undefined): AudienceDraft {
  return {
    name: audience?.name ?? '',
    countries: audience?.countries ?? [],
    ageMin: String(audience?.ageMin ?? 18),
    ageMax: String(audience?.ageMax ?? 65),
    interests: audience?.interests.join(', ') ?? '',
  };
}

export function audienceOf(draft: {
  name: string;
  countries: string[];
  ageMin: number;
  ageMax: number;
  interests: string;
}): Audience {
  return { ...draft, interests: listOf(draft.interests) };
}

type WithAudience = { audience: AudienceDraft };

/**
 * The first audience of a strategy or campaign request (`audiences.0` in the API's field
 * errors): name, countries, ages and interests.
 */
export function AudienceFields<Form extends WithAudience, Output extends FieldValues>({
  control,
  register,
  errors,
}: {
  control: Control<Form, unknown, Output>;
  register: UseFormRegister<Form>;
  errors: FieldErrors<WithAudience>['audience'];
}) {
  const { t } = useTranslation();
  // The generic form is narrowed to its audience part: react-hook-form paths are strings.
  const reg = register as unknown as UseFormRegister<WithAudience>;
  const ctl = control as unknown as Control<WithAudience>;
  return (
    <>
      <FormField
        label={t('form.audience')}
        required
        error={errors?.name?.message}
        {...reg('audience.name')}
      />
      <Controller
        control={ctl}
        name="audience.countries"
        render={({ field }) => (
          <ChoiceGroup
            legend={t('form.audienceCountries')}
            required
            options={marketOptions()}
            value={field.value}
            onChange={field.onChange}
            error={errors?.countries?.message}
          />
        )}
      />
      <FormField
        label={t('form.ageFrom')}
        type="number"
        error={errors?.ageMin?.message}
        {...reg('audience.ageMin')}
      />
      <FormField
        label={t('form.ageTo')}
        type="number"
        error={errors?.ageMax?.message}
        {...reg('audience.ageMax')}
      />
      <FormField
        label={t('form.interests')}
        error={errors?.interests?.message}
        {...reg('audience.interests')}
      />
    </>
  );
}
