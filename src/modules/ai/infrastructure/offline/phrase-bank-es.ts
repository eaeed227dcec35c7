import type { PhraseBank } from './phrase-bank.js';

export const spanishPhrases: PhraseBank = {
  headlines: {
    professional: [
      '{product}: {benefit}',
      'La opción inteligente para {audience}: {product}',
      '{Benefit}. Eso es lo que ofrece {product}',
      'Por qué {audience} eligen {product}',
      '{product}, pensado para dar resultados',
      'Conoce {product}: {benefit}',
    ],
    friendly: [
      'Te presentamos {product}',
      '¿{Benefit}? Con {product}, hecho',
      'Hecho para {audience}: {product}',
      'Tu nuevo favorito: {product}',
      'Buenas noticias: {benefit} con {product}',
      'Creamos {product} pensando en ti',
    ],
    playful: [
      'Giro inesperado: {benefit}',
      '{product} acaba de subir el listón',
      'Aviso: {product} puede crear hábito',
      '{Benefit} y encima divertido: {product}',
      '¡Preparados, listos, {product}!',
      'Menos líos, más wow: {product}',
    ],
    urgent: [
      'Última oportunidad: {product}',
      'No esperes más: {benefit}',
      '{product}, solo por tiempo limitado',
      'Actúa ahora y consigue {product}',
      'Solo hoy: {benefit}',
      'Se acaba el tiempo para {product}',
    ],
    inspirational: [
      'Imagina lo que {audience} pueden lograr con {product}',
      '{Benefit}. Empieza algo más grande',
      'Tu próximo capítulo empieza con {product}',
      'Sueña en grande con {product}',
      'Donde {audience} llegan más lejos: {product}',
      '{product}: porque mereces más',
    ],
  },
  shortHeadlines: [
    'Prueba {product} hoy',
    'Descubre {product}',
    '{product}',
    'Consigue {product}',
    'Conoce {product}',
  ],
  openers: {
    professional: [
      '{product} ayuda a {audience} a trabajar con menos fricción y más claridad.',
      'Para {audience}, cada minuto y cada euro cuentan. {product} nació con esa idea.',
      'Los equipos que confían en {product} dedican menos tiempo a tareas repetitivas y más a lo importante.',
    ],
    friendly: [
      '¡Hola! Creamos {product} para {audience} como tú, y creemos que te va a encantar.',
      '¿Buscas algo que simplemente funcione? Saluda a {product}.',
      'Esto te va a hacer el día más fácil: {product}.',
    ],
    playful: [
      'Vale, escúchanos: {product} es la mejora que no sabías que necesitabas.',
      'Hay cosas buenas. Y luego está {product}.',
      'Última hora para {audience}: lo aburrido se acabó oficialmente. Te presentamos {product}.',
    ],
    urgent: [
      'Este es el momento de probar {product}, y no durará mucho.',
      'La oferta de {product} termina pronto: no la dejes pasar.',
      'Las plazas para {product} vuelan.',
    ],
    inspirational: [
      'Las grandes cosas empiezan con un primer paso. Para {audience}, ese paso es {product}.',
      '{product} existe para que {audience} lleguen más lejos de lo que imaginaban.',
      'Toda gran idea necesita las herramientas adecuadas. {product} es una de ellas.',
    ],
  },
  benefitLeads: [
    '{Benefit}.',
    'Con {product}: {benefit}.',
    'Lo que obtienes: {benefit}.',
    '{Benefit}, sin complicaciones.',
  ],
  audienceLines: [
    'Pensado para {audience}.',
    'Diseñado a partir de lo que {audience} necesitan de verdad.',
    'Elegido por {audience} que quieren sacar más partido a cada día.',
  ],
  proof: {
    awareness: [
      'Cada vez más personas descubren {product}.',
      'Es de esas cosas que querrás contar a tus amigos.',
    ],
    leads: [
      'Cuéntanos qué necesitas y te mostraremos cómo encaja {product}.',
      'Basta una breve conversación para ver la diferencia.',
    ],
    sales: [
      'Haz tu pedido hoy y empieza a disfrutar de {product} enseguida.',
      'Precios claros, envío rápido y ayuda cuando la necesites.',
    ],
  },
  closers: {
    awareness: ['Síguenos para ver lo que viene.', 'Atento: queda mucho por llegar.'],
    leads: [
      'Déjanos tus datos y te contactaremos en un día laborable.',
      'Reserva una llamada y recibe una propuesta a medida.',
    ],
    sales: ['Consigue el tuyo mientras haya existencias.', 'Tu pedido está a un par de clics.'],
  },
  ctas: {
    awareness: ['Más información', 'Descubre {product}', 'Mira cómo funciona', 'Síguenos'],
    leads: [
      'Solicita una demo',
      'Pide presupuesto gratis',
      'Reserva una llamada',
      'Regístrate gratis',
    ],
    sales: ['Compra ahora', 'Cómpralo ya', 'Consíguelo hoy', 'Haz tu pedido'],
  },
  emailGreeting: ['Hola:', '¡Hola!', 'Buenos días:'],
  emailSignOff: ['Un saludo,', 'Hasta pronto,', 'Saludos cordiales,'],
  defaultBenefits: {
    awareness: [
      'una forma nueva de resolver lo de siempre',
      'calidad que se nota desde el primer día',
      'hecho con cuidado',
    ],
    leads: [
      'respuestas adaptadas a tu caso',
      'asesoramiento experto sin coste',
      'un plan a la medida de tus objetivos',
    ],
    sales: ['la mejor relación calidad-precio', 'envíos rápidos', 'satisfacción garantizada'],
  },
  defaultAudience: 'quienes buscan algo mejor',
  defaultAbout: '{product} es una solución pensada para {audience}.',
  seoTitles: [
    '{product}: {benefit}',
    '{product} para {audience}',
    '{product} | {brand}',
    '{product}',
  ],
  metaDescriptions: [
    '{product} para {audience}: {benefit}. {cta}.',
    'Descubre {product}. {Benefit}, pensado para {audience}. {cta}.',
    '{Benefit} con {product}. {cta} y nota la diferencia.',
  ],
  faq: [
    { question: '¿Qué es {product}?', answer: '{about} Ofrece {benefits}.' },
    { question: '¿Para quién es {product}?', answer: 'Está pensado para {audience}.' },
    {
      question: '¿Cómo empiezo con {product}?',
      answer: '{cta} y nuestro equipo te guiará en los primeros pasos.',
    },
    {
      question: '¿Por qué elegir {product}?',
      answer: 'Porque aporta {benefits}, con el respaldo de {brand} cuando lo necesites.',
    },
  ],
  emojis: ['✨', '🚀', '🎉', '🔥', '💡', '🙌'],
  genericHashtags: {
    awareness: ['#Novedad', '#Descubre', '#Tendencia'],
    leads: ['#DemoGratis', '#Pymes', '#Crecimiento'],
    sales: ['#CompraYa', '#Oferta', '#TiempoLimitado'],
  },
  stopwords: new Set(
    'a al ante bajo cada con de del desde el en entre es esta este esto hacia hasta la las lo los más mas muy o para pero por que se sin sobre su sus tu tus un una unos unas y ya nuestro nuestra'.split(
      ' ',
    ),
  ),
  and: 'y',
};
