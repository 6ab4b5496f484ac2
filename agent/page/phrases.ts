// The words booking sites use, in the languages Lanebot reads (English, German, French, Spanish, Dutch): what
// titles a member's bookings list, what marks an offer of availability, what marks a booking as the member's,
// what an empty list says. Structure decides first (regions, tables, controls); these only name things.

/** A title that heads the member's own bookings (a heading, a widget title, a table caption). */
export const BOOKINGS_TITLE = new RegExp(
  [
    // English
    String.raw`\b(?:my|your|upcoming|current|future|booked)\s+(?:upcoming\s+)?(?:bookings?|reservations?|entries|sessions|classes|appointments|swims?)\b`,
    String.raw`\bmy\s+(?:schedule|account\s+bookings|booked\s+sessions)\b`,
    String.raw`^\s*(?:bookings?|reservations?)\s*(?:\(\d+\)|\d+)?\s*$`,
    String.raw`\bbooking history\b`,
    // German
    String.raw`\b(?:meine|ihre|deine|anstehende|kommende|aktuelle)\s+(?:buchungen|reservierungen|termine)\b`,
    String.raw`^\s*(?:buchungen|reservierungen)\s*$`,
    // French
    String.raw`\b(?:mes|vos|tes|prochaines?)\s+(?:r[ée]servations?|cr[ée]neaux\s+r[ée]serv[ée]s|s[ée]ances\s+r[ée]serv[ée]es)\b`,
    String.raw`^\s*r[ée]servations?\s*$`,
    // Spanish
    String.raw`\b(?:mis|sus|tus|pr[óo]ximas)\s+(?:reservas|reservaciones)\b`,
    // Dutch
    String.raw`\b(?:mijn|uw|je|komende)\s+(?:boekingen|reserveringen|afspraken)\b`,
  ].join('|'),
  'i',
);

/** A title that heads offers of availability: free slots, recommendations, "available now". */
export const OFFERS_TITLE = /\b(?:available|availability|free (?:slots|lanes|places|spaces)|open (?:slots|sessions)|recommended|suggested|book again|last[- ]minute|freie (?:plätze|bahnen|termine)|verfügbar|cr[ée]neaux (?:disponibles|libres)|disponib|plazas? (?:libres|disponibles)|beschikbaar|vrije (?:plekken|banen))/i;

/** Words that make a record an offer of availability, never a booking, whatever its date. */
export const OFFER_MARK = /\b(?:available|availability|free\b|spaces? left|places? left|spots? left|book now|reserve\b|reserve now|book this|add to cart|frei\b|freie|verfügbar|jetzt buchen|noch \d+ pl[äa]tze|libre\b|disponible|r[ée]server\b|plazas? libres|reservar\b|beschikbaar|vrij\b|nu boeken)/i;

/** Controls that manage an existing booking: the mark of a booking that is the member's. */
export const MANAGE_CONTROL = /^(?:cancel|cancel booking|cancel reservation|delete|remove|manage|edit|modify|change|reschedule|stornieren|absagen|löschen|ändern|bearbeiten|annuler|supprimer|modifier|cancelar|anular|eliminar|modificar|annuleren|verwijderen|wijzigen)\b/i;

/** Text that says a record is booked for the member. */
export const BOOKED_MARK = /\b(?:booked|confirmed|your (?:booking|reservation)|reserved by you|my booking|gebucht|bestätigt|ihre buchung|meine buchung|r[ée]serv[ée]e?\b|confirm[ée]e?|ma r[ée]servation|votre r[ée]servation|reservado|confirmado|su reserva|mi reserva|geboekt|bevestigd|uw reservering|mijn reservering)/i;

/** A booking reference: a labelled number or code. */
export const REFERENCE_MARK = /\b(?:ref(?:erence)?(?: (?:no|number|#))?|booking (?:no|number|#|id|ref)|confirmation (?:no|number|code)|buchungs(?:nr|nummer|code)|reservierungs(?:nr|nummer)|num[ée]ro|n°|referencia|localizador|reserveringsnummer|boekingsnummer)\.?\s*[:#]?\s*[A-Z0-9][A-Z0-9-]{2,}/i;

/** Cancelled or withdrawn: a record that never counts. */
export const CANCELLED_MARK = /\b(?:cancell?ed|withdrawn|storniert|abgesagt|annul[ée]e?|cancelad[oa]|anulad[oa]|geannuleerd)\b/i;

/** What an empty bookings list says. Counts only inside a region titled as the member's bookings. */
export const NO_BOOKINGS = /\b(?:no (?:upcoming |current |future )?(?:bookings|reservations|entries|sessions)|nothing booked|you have(?: not| no)(?: booked| upcoming| bookings)|no entries found|keine (?:anstehenden |aktuellen )?(?:buchungen|reservierungen|termine)|aucune r[ée]servation|pas de r[ée]servation|no (?:tiene|hay) reservas|sin reservas|geen (?:boekingen|reserveringen))/i;

/** A statement of how far ahead the list reaches: "in next 30 days", "this week and next". */
export const WINDOW_DAYS = /\b(?:next|nächsten|prochains|próximos|komende|volgende)\s+(\d{1,3})\s+(?:days|tage|tagen|jours|días|dagen)\b/i;
export const WINDOW_NEXT_WEEK = /\b(?:next week|this week and next|nächste[rn]? woche|semaine prochaine|pr[óo]xima semana|volgende week)\b/i;

/** Lane-like resource words: "Lane 3", "Bahn 3", "Ligne 3", "Court B". */
export const LANE_WORDS = 'lane|court|bay|table|pitch|track|alley|rink|bahn|ligne|couloir|piste|terrain|calle|pista|baan|veld';

/** Controls that show more of a list. */
export const MORE_CONTROL = /^(?:next(?: page)?|more|load more|show more|later|older|newer|›|»|>|weiter|nächste(?: seite)?|mehr|suivant(?:e)?|page suivante|plus|siguiente|más|volgende|meer)\b/i;

/** A control that opens a login form, and one that ends a session (its presence means "logged in"). */
export const LOGIN_CONTROL = /^(?:log ?in|sign ?in|anmelden|einloggen|se connecter|connexion|iniciar sesi[óo]n|entrar|inloggen|aanmelden)$/i;
export const LOGOUT_CONTROL = /^(?:log ?out|sign ?out|abmelden|ausloggen|se d[ée]connecter|d[ée]connexion|cerrar sesi[óo]n|salir|uitloggen|afmelden)$/i;

/** Words that date text without digits ("next Tuesday", "morgen früh", "le 3 mars"): a list item with one may be a booking the rule cannot read. */
export const DATE_WORDS = new RegExp(
  '\\b(?:' +
    [
      'monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun',
      'today|tonight|tomorrow|weekend|o\u2019clock|o\'clock|noon|midday|morning|evening|afternoon',
      'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec',
      'montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|heute|morgen|übermorgen|januar|februar|märz|mai|juni|juli|oktober|dezember|uhr',
      'lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|aujourd\u2019hui|aujourd\'hui|demain|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre',
      'lunes|martes|miércoles|jueves|viernes|sábado|domingo|hoy|mañana|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|vandaag|morgen',
    ].join('|') +
    ')\\b',
  'iu',
);
