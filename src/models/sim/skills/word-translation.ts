/**
 * A deterministic stand-in for translation: word by word from a small dictionary, keeping words
 * it does not know, and marking the text with the language code where it has no dictionary. It
 * is crude on purpose, but it is recognisably a translation *of the given text*, never a canned
 * placeholder, so a trajectory that forwards the translation forwards something true.
 */
const DICTIONARIES: Record<string, Record<string, string>> = {
  spanish: {
    the: "el", a: "un", an: "un", your: "su", my: "mi", our: "nuestro", is: "está", are: "están", table: "mesa", ready: "lista",
    please: "por favor", come: "venga", to: "a", front: "recepción", desk: "", meeting: "reunión", moved: "trasladada",
    thursday: "jueves", friday: "viernes", monday: "lunes", tuesday: "martes", wednesday: "miércoles", saturday: "sábado",
    sunday: "domingo", at: "a las", and: "y", thank: "gracias", thanks: "gracias", you: "usted", order: "pedido", has: "ha",
    been: "sido", shipped: "enviado", welcome: "bienvenido", tomorrow: "mañana", today: "hoy", see: "nos vemos", soon: "pronto",
    room: "habitación", booking: "reserva", confirmed: "confirmada", for: "para", of: "de", in: "en", we: "nosotros", will: "",
    arrive: "llegaremos", late: "tarde", minutes: "minutos", hello: "hola", good: "buenos", morning: "días", dinner: "cena",
  },
  french: {
    the: "le", a: "un", an: "un", your: "votre", my: "mon", our: "notre", is: "est", are: "sont", table: "table", ready: "prête",
    please: "s'il vous plaît", come: "venez", to: "à", front: "", desk: "l'accueil", meeting: "réunion", moved: "déplacée",
    thursday: "jeudi", friday: "vendredi", monday: "lundi", tuesday: "mardi", wednesday: "mercredi", saturday: "samedi",
    sunday: "dimanche", at: "à", and: "et", thank: "merci", thanks: "merci", you: "vous", order: "commande", has: "a",
    been: "été", shipped: "expédiée", welcome: "bienvenue", tomorrow: "demain", today: "aujourd'hui", see: "à", soon: "bientôt",
    room: "chambre", booking: "réservation", confirmed: "confirmée", for: "pour", of: "de", in: "dans", we: "nous", will: "",
    arrive: "arriverons", late: "en retard", minutes: "minutes", hello: "bonjour", good: "bon", morning: "matin", dinner: "dîner",
  },
  german: {
    the: "der", a: "ein", an: "ein", your: "Ihr", my: "mein", our: "unser", is: "ist", are: "sind", table: "Tisch", ready: "bereit",
    please: "bitte", come: "kommen Sie", to: "zu", front: "", desk: "Rezeption", meeting: "Besprechung", moved: "verschoben",
    thursday: "Donnerstag", friday: "Freitag", monday: "Montag", tuesday: "Dienstag", wednesday: "Mittwoch", saturday: "Samstag",
    sunday: "Sonntag", at: "um", and: "und", thank: "danke", thanks: "danke", you: "Sie", order: "Bestellung", has: "wurde",
    been: "", shipped: "versandt", welcome: "willkommen", tomorrow: "morgen", today: "heute", see: "bis", soon: "bald",
    room: "Zimmer", booking: "Buchung", confirmed: "bestätigt", for: "für", of: "von", in: "in", we: "wir", will: "werden",
    arrive: "ankommen", late: "spät", minutes: "Minuten", hello: "hallo", good: "guten", morning: "Morgen", dinner: "Abendessen",
  },
};

const LANGUAGE_CODES: Record<string, string> = {
  spanish: "es", french: "fr", german: "de", italian: "it", portuguese: "pt", japanese: "ja", chinese: "zh", korean: "ko",
  dutch: "nl", polish: "pl", russian: "ru", arabic: "ar", turkish: "tr", swedish: "sv", english: "en",
};

export function languageName(value: string): string {
  const lowered = value.trim().toLowerCase();
  const byCode = Object.entries(LANGUAGE_CODES).find(([, code]) => code === lowered);
  return byCode ? byCode[0] : lowered;
}

export function translateText(text: string, targetLanguage: string): string {
  const language = languageName(targetLanguage);
  const dictionary = DICTIONARIES[language];
  if (!dictionary) return `[${LANGUAGE_CODES[language] ?? language.slice(0, 2)}] ${text}`;
  const words = text.split(/(\s+|[.,!?;:])/);
  const out = words
    .map((word) => {
      const lowered = word.toLowerCase();
      if (!(lowered in dictionary)) return word;
      const translated = dictionary[lowered]!;
      return /^[A-Z]/.test(word) && translated ? translated.charAt(0).toUpperCase() + translated.slice(1) : translated;
    })
    .join("");
  return out.replace(/\s{2,}/g, " ").replace(/\s+([.,!?;:])/g, "$1").trim();
}
