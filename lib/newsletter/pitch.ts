// What the newsletter is, in the site's own words: one sentence for the sign-up boxes and the /newsletter page,
// and the same idea as a phrase for the middle of a sentence (the confirmation page and email).
export const NEWSLETTER_PITCH = "Now and then, a short email on the psychology of dating and relationships, with the articles worth reading next.";
export const NEWSLETTER_PHRASE = "a short email now and then on the psychology of dating and relationships";
