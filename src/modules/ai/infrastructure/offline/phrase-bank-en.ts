import type { PhraseBank } from './phrase-bank.js';

export const englishPhrases: PhraseBank = {
  headlines: {
    professional: [
      '{product}: {benefit}',
      'The smarter way for {audience}: {product}',
      '{Benefit}. That is what {product} delivers',
      'Why {audience} choose {product}',
      '{product}, built for results',
      'Meet {product}: {benefit}',
    ],
    friendly: [
      'Say hello to {product}',
      '{Benefit}? {product} has you covered',
      'Made for {audience}: {product}',
      'Your new favourite: {product}',
      'Good news: {benefit} with {product}',
      'We made {product} for you',
    ],
    playful: [
      'Plot twist: {benefit}',
      '{product} just raised the bar',
      'Warning: {product} may be habit-forming',
      'Who knew {benefit} could be this fun?',
      'Ready, set, {product}!',
      'Less hassle, more wow: {product}',
    ],
    urgent: [
      'Last chance: {product}',
      "Don't wait: {benefit}",
      '{product} — only for a limited time',
      'Act now and get {product}',
      'Today only: {benefit}',
      "Time's running out for {product}",
    ],
    inspirational: [
      'Imagine what {audience} can do with {product}',
      '{Benefit}. Start something bigger',
      'Your next chapter starts with {product}',
      'Dream bigger with {product}',
      'Where {audience} go further: {product}',
      '{product}: because you deserve more',
    ],
  },
  shortHeadlines: [
    'Try {product} today',
    'Discover {product}',
    '{product}',
    'Get {product} now',
    'Meet {product}',
  ],
  openers: {
    professional: [
      '{product} helps {audience} work with less friction and more clarity.',
      'For {audience}, every minute and every budget line counts. {product} was designed with that in mind.',
      'Teams that rely on {product} spend less time on busywork and more on what matters.',
    ],
    friendly: [
      "Hi there! We built {product} for {audience} like you, and we think you'll love it.",
      'Looking for something that just works? Say hi to {product}.',
      "Here's something that will make your day easier: {product}.",
    ],
    playful: [
      'Okay, hear us out: {product} is the upgrade you did not know you needed.',
      'Some things are good. {product} is ridiculously good.',
      'Breaking news for {audience}: boring is officially over. Meet {product}.',
    ],
    urgent: [
      'This is the moment to try {product}, and it will not last.',
      'The offer on {product} ends soon, so make your move now.',
      'Spots for {product} are going fast.',
    ],
    inspirational: [
      'Great things start with a single step. For {audience}, that step is {product}.',
      '{product} exists to help {audience} go further than they thought possible.',
      'Every big idea needs the right tools. {product} is one of them.',
    ],
  },
  benefitLeads: [
    '{Benefit}.',
    'With {product}: {benefit}.',
    'What you get: {benefit}.',
    '{Benefit}, without the hassle.',
  ],
  audienceLines: [
    'Designed for {audience}.',
    'Built around what {audience} actually need.',
    'Trusted by {audience} who want more from every day.',
  ],
  proof: {
    awareness: [
      'More and more people are discovering {product}.',
      'It is the kind of thing you will want to tell your friends about.',
    ],
    leads: [
      'Tell us what you need and we will show you how {product} fits.',
      'A short conversation is all it takes to see the difference.',
    ],
    sales: [
      'Order today and start enjoying {product} right away.',
      'Simple pricing, fast delivery and support when you need it.',
    ],
  },
  closers: {
    awareness: ['Follow us to see what comes next.', 'Stay tuned: there is much more to come.'],
    leads: [
      'Leave your details and we will be in touch within one business day.',
      'Book a call and get a tailored proposal.',
    ],
    sales: ['Get yours while it lasts.', 'Your order is a few clicks away.'],
  },
  ctas: {
    awareness: ['Learn more', 'Discover {product}', 'See how it works', 'Follow us'],
    leads: ['Request a demo', 'Get a free quote', 'Book a call', 'Sign up free'],
    sales: ['Shop now', 'Buy now', 'Get yours today', 'Order now'],
  },
  emailGreeting: ['Hi there,', 'Hello,', 'Hi,'],
  emailSignOff: ['Best regards,', 'Talk soon,', 'Cheers,'],
  defaultBenefits: {
    awareness: [
      'a fresh take on an everyday need',
      'quality you can notice from day one',
      'made with care',
    ],
    leads: [
      'answers tailored to your situation',
      'expert advice at no cost',
      'a plan that fits your goals',
    ],
    sales: ['great value for your money', 'fast delivery', 'satisfaction guaranteed'],
  },
  defaultAudience: 'people who want something better',
  defaultAbout: '{product} is a solution designed for {audience}.',
  seoTitles: [
    '{product}: {benefit}',
    '{product} for {audience}',
    '{product} | {brand}',
    '{product}',
  ],
  metaDescriptions: [
    '{product} for {audience}: {benefit}. {cta}.',
    'Discover {product}. {Benefit}, designed for {audience}. {cta}.',
    '{Benefit} with {product}. {cta} and see the difference.',
  ],
  faq: [
    { question: 'What is {product}?', answer: '{about} It offers {benefits}.' },
    { question: 'Who is {product} for?', answer: 'It is designed for {audience}.' },
    {
      question: 'How do I get started with {product}?',
      answer: '{cta} and our team will guide you through the first steps.',
    },
    {
      question: 'Why choose {product}?',
      answer: 'Because it brings {benefits}, with support from {brand} when you need it.',
    },
  ],
  emojis: ['✨', '🚀', '🎉', '🔥', '💡', '🙌'],
  genericHashtags: {
    awareness: ['#NewIn', '#Discover', '#MustSee'],
    leads: ['#FreeDemo', '#SmallBusiness', '#Growth'],
    sales: ['#ShopNow', '#Deal', '#LimitedOffer'],
  },
  stopwords: new Set(
    'a an and are as at be by for from has have in is it its of on or our that the their this to was were will with you your we us more less than very just'.split(
      ' ',
    ),
  ),
  and: 'and',
};
