import { channelProfiles, type Channel } from './channels.js';
import { seededRandom } from '../../../platform/random/seeded-random.js';

/**
 * How an ad's audience takes it, fixed by its seed (the ad id): most ads are liked, some divide
 * opinion, about one in eight is disliked — its comments turn negative and, on the influencer
 * channel, reactions to the creator's post fade day after day.
 */
export type Reception = 'liked' | 'mixed' | 'disliked';

export function receptionOf(seed: string): Reception {
  const roll = seededRandom(`${seed}:reception`)();
  return roll < 0.62 ? 'liked' : roll < 0.88 ? 'mixed' : 'disliked';
}

/** Share of an ad's reactions left on `day`, relative to its first day (disliked ads fade). */
export function reactionTrend(seed: string, startDate: string | undefined, day: string): number {
  if (!startDate || receptionOf(seed) !== 'disliked') return 1;
  const days = Math.max(0, (Date.parse(day) - Date.parse(startDate)) / 86_400_000);
  return Math.max(0.02, Math.exp(-days / 9));
}

export interface SimulatedComment {
  /** The channel's comment id: stable, so a re-fetch finds the same comments. */
  externalId: string;
  author: string;
  text: string;
  language: 'es' | 'en';
  reactions: number;
  postedAt: string;
}

type Tone = 'positive' | 'neutral' | 'negative';

const templates: Record<'es' | 'en', Record<Tone, readonly string[]>> = {
  es: {
    positive: [
      '¡Me encanta! 😍',
      'Excelente calidad, lo recomiendo',
      'Lo compré y llegó rapidísimo, muy contenta',
      'Qué buena promo 🔥🔥',
      'Genial, justo lo que buscaba',
      'Súper recomendado 👏',
      'Lo amo ❤️',
      'Muy buen servicio, gracias',
    ],
    neutral: [
      '¿Hacen envíos a Heredia?',
      '¿Cuánto cuesta?',
      '¿Tienen tienda física?',
      'Info por favor',
      '¿Hasta cuándo es la oferta?',
      '@amiga mirá esto',
    ],
    negative: [
      'Pésimo servicio, nunca llegó mi pedido 😡',
      'Muy caro para lo que es',
      'No me gustó para nada',
      'Una estafa, no compren 👎',
      'Malísima atención al cliente',
      'Publicidad engañosa',
      'Ya no es lo mismo, qué decepción',
      'Otra vez este anuncio... qué molesto 🙄',
    ],
  },
  en: {
    positive: [
      'Love it! 😍',
      'Great quality, highly recommend',
      'Arrived super fast, very happy',
      'Amazing deal 🔥',
      'Exactly what I was looking for 👍',
      'Best purchase this year',
    ],
    neutral: [
      'Do you ship to Miami?',
      'How much is it?',
      'Is there a store in Houston?',
      'When does the offer end?',
      '@friend look at this',
    ],
    negative: [
      'Terrible service, my order never arrived 😡',
      'Way too expensive',
      "Didn't like it at all",
      'Total scam, avoid 👎',
      'Misleading ad',
      'Customer support is awful',
      'This ad again... so annoying 🙄',
    ],
  },
};

const handles = [
  'ana',
  'carlos',
  'majo',
  'luis',
  'sofi',
  'dani',
  'vale',
  'andres',
  'cami',
  'jose',
  'mary',
  'leo',
];

/** Comments the simulated channel has sampled per ad and day (its first page of results). */
export const maxCommentsPerDay = 12;

/**
 * Comments on one ad on one day, as a simulated social channel returns them: about 5 % of the
 * day's reactions are comments (at most `maxCommentsPerDay`), their tone follows the ad's
 * reception, and only those posted before `elapsed` of the day are returned. Deterministic.
 */
export function simulateComments(input: {
  seed: string;
  channel: Channel;
  day: string;
  reactions: number;
  language: 'es' | 'en';
  elapsed: number;
}): SimulatedComment[] {
  const kind = channelProfiles[input.channel].kind;
  if ((kind !== 'social' && kind !== 'influencer') || input.reactions <= 0) return [];
  const random = seededRandom(`${input.seed}:${input.day}:comments`);
  const reception = receptionOf(input.seed);
  const [positive, negative] =
    reception === 'liked' ? [0.7, 0.08] : reception === 'mixed' ? [0.38, 0.32] : [0.12, 0.68];
  const count = Math.min(maxCommentsPerDay, Math.max(1, Math.round(input.reactions * 0.05)));
  const bank = templates[input.language];
  const start = Date.parse(`${input.day}T00:00:00Z`);
  const comments: SimulatedComment[] = [];
  for (let index = 0; index < count; index++) {
    const roll = random();
    const tone: Tone =
      roll < positive ? 'positive' : roll < positive + negative ? 'negative' : 'neutral';
    const options = bank[tone];
    const text = options[Math.floor(random() * options.length)]!;
    const at = random();
    const author = `@${handles[Math.floor(random() * handles.length)]}${Math.floor(random() * 900 + 100)}`;
    const reactions = Math.floor(random() ** 3 * 40);
    if (at > input.elapsed) continue;
    comments.push({
      externalId: `sim-${input.channel}-c-${input.seed}-${input.day}-${index}`,
      author,
      text,
      language: input.language,
      reactions,
      postedAt: new Date(start + Math.floor(at * 86_400_000)).toISOString(),
    });
  }
  return comments;
}
