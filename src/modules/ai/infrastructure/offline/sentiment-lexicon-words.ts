/**
 * Word lists of the offline sentiment classifier, written for comments on marketing posts
 * (products, delivery, service, price). Keys are lower case without accents (`pesimo`, `engano`);
 * valence runs from −3 to 3. Small on purpose: a word missing here is simply neutral.
 */

export interface SentimentVocabulary {
  words: Readonly<Record<string, number>>;
  /** Multi-word expressions read as one word (matched before the single words). */
  phrases: Readonly<Record<string, number>>;
  /** A negator up to three words before a sentiment word flips and damps it. */
  negators: ReadonlySet<string>;
  /** Words that strengthen (> 0) or soften (< 0) the next sentiment word, as a share. */
  boosters: Readonly<Record<string, number>>;
  /** "but": the clause after it weighs more than the one before. */
  contrasts: ReadonlySet<string>;
}

const list = (text: string) => new Set(text.trim().split(/\s+/));
const valences = (groups: Record<number, string>): Record<string, number> =>
  Object.fromEntries(
    Object.entries(groups).flatMap(([valence, words]) =>
      words
        .trim()
        .split(/\s+/)
        .map((word) => [word, Number(valence)]),
    ),
  );

export const spanishVocabulary: SentimentVocabulary = {
  words: valences({
    3: `excelente genial increible maravilloso maravillosa perfecto perfecta encanta encantan
        encanto fascina fascinan hermoso hermosa precioso preciosa delicioso deliciosa buenisimo
        buenisima fantastico fantastica espectacular amo`,
    2: `bueno buena buenos buenas gusta gustan gusto recomiendo recomendado recomendable feliz
        felices contento contenta satisfecho satisfecha lindo linda lindos lindas bonito bonita
        rico rica util utiles amable agradecido agradecida top crack chevere bacan chido mejor
        mejores favorito favorita amor comodo comoda exito impresionante bravo felicidades
        felicitaciones ofertazo divino divina eficiente puntual`,
    1: `bien calidad rapido rapida facil gracias original economico barato funciona funcionan
        sirve interesante oferta correcto`,
    [-1]: `pena devolucion reembolso cancelar cancele regular caro`,
    [-2]: `malo mala malos malas feo fea decepcion decepcionado decepcionada decepcionante lento
        lenta problema problemas queja quejas reclamo reclamos falla fallas fallo roto rota
        defectuoso defectuosa mentira mentiras enojado enojada molesto molesta triste mediocre
        aburrido aburrida inutil spam abusivo abusiva lamentable grosero grosera caos retraso
        demora carisimo carisima tardaron`,
    [-3]: `pesimo pesima malisimo malisima horrible horribles terrible terribles fatal asco
        asqueroso asquerosa odio odian estafa estafadores fraude robo peor peores basura
        porqueria engano enganosa enganoso nefasto nefasta verguenza desastre timo`,
  }),
  phrases: {
    'vale la pena': 2,
    'de lujo': 2,
    'lo maximo': 3,
    'que asco': -3,
    'nunca llego': -2,
    'no llego': -2,
    'una estafa': -3,
    'tomadura de pelo': -3,
  },
  negators: list('no nunca jamas ni tampoco sin nadie nada ningun ninguna'),
  boosters: {
    muy: 0.3,
    super: 0.3,
    re: 0.3,
    tan: 0.3,
    demasiado: 0.3,
    sumamente: 0.5,
    realmente: 0.3,
    bastante: 0.2,
    extremadamente: 0.5,
    totalmente: 0.3,
    completamente: 0.3,
    increiblemente: 0.4,
    mega: 0.3,
    recontra: 0.4,
    algo: -0.3,
    medio: -0.3,
    poco: -0.4,
  },
  contrasts: list('pero aunque'),
};

export const englishVocabulary: SentimentVocabulary = {
  words: valences({
    3: `great excellent amazing awesome love loved loves perfect best fantastic wonderful
        beautiful brilliant superb incredible delicious lovely outstanding`,
    2: `good nice better happy glad recommend recommended worth helpful useful cool fun favorite
        favourite impressive comfortable win wow yay enjoy enjoyed satisfied pleased liked
        stunning gorgeous`,
    1: `fine ok okay fast easy thanks thank quality affordable works interesting`,
    [-1]: `expensive issue issues refund late meh pricey`,
    [-2]: `bad poor disappointing disappointed disappointment overpriced slow broken useless waste
        wasted problem problems complaint angry annoying ugly boring fake lie lies lied rude
        fail failed failure junk unhappy sad mediocre spam avoid defective delay delayed worse`,
    [-3]: `terrible awful horrible worst hate hated scam fraud disgusting sucks garbage trash
        misleading ripoff nightmare crap`,
  }),
  phrases: {
    'rip off': -3,
    'waste of money': -3,
    'never arrived': -2,
    'never came': -2,
    'must have': 2,
    'highly recommend': 3,
  },
  negators: list(`not no never none nobody nothing neither nor without hardly barely cannot
    dont doesnt didnt isnt wasnt arent werent wont cant couldnt shouldnt wouldnt aint`),
  boosters: {
    very: 0.3,
    really: 0.3,
    so: 0.3,
    extremely: 0.5,
    super: 0.3,
    totally: 0.3,
    absolutely: 0.4,
    incredibly: 0.4,
    too: 0.2,
    truly: 0.3,
    highly: 0.3,
    quite: 0.1,
    slightly: -0.4,
    somewhat: -0.3,
    kinda: -0.3,
    little: -0.3,
  },
  contrasts: list('but however though'),
};

/** Emoji and emoticons (variation selectors removed before look-up). */
export const emojiValence: Readonly<Record<string, number>> = {
  '😍': 3,
  '🥰': 3,
  '❤': 3,
  '💕': 3,
  '😊': 2,
  '😀': 2,
  '😃': 2,
  '😁': 2,
  '😄': 2,
  '🙂': 1,
  '👍': 2,
  '👏': 2,
  '🙌': 2,
  '🔥': 2,
  '💯': 2,
  '🎉': 2,
  '✨': 1,
  '😂': 1,
  '🤣': 1,
  '😉': 1,
  '😐': 0,
  '🤔': 0,
  '😕': -1,
  '🙄': -1,
  '😱': -1,
  '😞': -2,
  '😢': -2,
  '😭': -2,
  '😒': -2,
  '😠': -2,
  '😤': -2,
  '👎': -2,
  '💩': -2,
  '😡': -3,
  '🤬': -3,
  '🤮': -3,
  ':)': 2,
  ':-)': 2,
  ':d': 2,
  ';)': 1,
  '<3': 3,
  ':(': -2,
  ':-(': -2,
};
