namespace Smgw.Messenger.Web;

/// <summary>The interface texts in German and English.</summary>
public static class Texts
{
    private static readonly Dictionary<string, (string De, string En)> All = new(StringComparer.Ordinal)
    {
        ["title"] = ("SMGW Messenger", "SMGW Messenger"),
        ["skip"] = ("Zum Inhalt", "Skip to content"),
        ["menu"] = ("Menü", "Menu"),
        ["logout"] = ("Abmelden", "Log out"),
        ["inbox"] = ("Posteingang", "Inbox"),
        ["login.title"] = ("Anmelden", "Log in"),
        ["login.intro"] = ("Melden Sie sich mit Ihrer Mailadresse und Ihrem Messenger-Passwort an.", "Log in with your mail address and your Messenger password."),
        ["address"] = ("Mailadresse", "Mail address"),
        ["password"] = ("Passwort", "Password"),
        ["login.submit"] = ("Anmelden", "Log in"),
        ["login.failed"] = ("Adresse oder Passwort sind falsch.", "The address or the password is wrong."),
        ["locked"] = ("Zu viele Fehlversuche. Der Zugang ist vorübergehend gesperrt; versuchen Sie es später erneut.", "Too many failed attempts. Access is locked for a while; please try again later."),
        ["ratelimited"] = ("Zu viele Anfragen. Bitte warten Sie eine Minute.", "Too many requests. Please wait a minute."),
        ["forgot"] = ("Passwort vergessen? Neuen Code anfordern", "Forgot your password? Request a new code"),
        ["register.title"] = ("Adresse bestätigen", "Confirm your address"),
        ["register.mail"] = ("Zum Schutz der Nachricht bestätigen Sie zuerst, dass Sie die Adresse {0} nutzen: Wir schicken Ihnen einen Code an diese Adresse.", "To protect the message, first confirm that you use the address {0}: we send a code to this address."),
        ["register.sender"] = ("Zum Schutz der Nachricht bestätigen Sie zuerst, dass Sie {0} sind: Der Absender erhält einen Code und gibt ihn Ihnen auf einem anderen Weg (z. B. telefonisch).", "To protect the message, first confirm that you are {0}: the sender receives a code and passes it to you by another channel (e.g. by phone)."),
        ["send.code"] = ("Code anfordern", "Request a code"),
        ["code.sent.mail"] = ("Wir haben einen Code an {0} geschickt.", "We have sent a code to {0}."),
        ["code.sent.sender"] = ("Der Absender hat einen Code für Sie erhalten. Fragen Sie ihn danach.", "The sender has received a code for you. Please ask them for it."),
        ["code"] = ("Code", "Code"),
        ["new.password"] = ("Neues Passwort (mindestens 10 Zeichen)", "New password (at least 10 characters)"),
        ["confirm.password"] = ("Passwort wiederholen", "Repeat the password"),
        ["register.submit"] = ("Passwort festlegen und Nachricht öffnen", "Set the password and open the message"),
        ["code.failed"] = ("Der Code ist falsch oder abgelaufen.", "The code is wrong or has expired."),
        ["password.short"] = ("Das Passwort braucht mindestens 10 Zeichen.", "The password needs at least 10 characters."),
        ["password.mismatch"] = ("Die beiden Passwörter stimmen nicht überein.", "The two passwords do not match."),
        ["notfound.title"] = ("Nicht gefunden", "Not found"),
        ["notfound"] = ("Diese Nachricht gibt es nicht (mehr), oder der Link ist abgelaufen.", "This message does not exist (any more), or the link has expired."),
        ["inbox.empty"] = ("Keine Nachrichten.", "No messages."),
        ["from"] = ("Von", "From"),
        ["subject"] = ("Betreff", "Subject"),
        ["received"] = ("Empfangen", "Received"),
        ["expires"] = ("Wird gelöscht am", "Deleted on"),
        ["attachments"] = ("Anhänge", "Attachments"),
        ["remote.blocked"] = ("Externe Inhalte (Bilder aus dem Internet) wurden blockiert.", "Remote content (images from the Internet) was blocked."),
        ["reply.title"] = ("Sicher antworten", "Reply securely"),
        ["reply.text"] = ("Ihre Antwort", "Your reply"),
        ["reply.files"] = ("Anhänge (optional)", "Attachments (optional)"),
        ["reply.submit"] = ("Antwort senden", "Send the reply"),
        ["reply.sent"] = ("Ihre Antwort wurde gesendet.", "Your reply has been sent."),
        ["reply.empty"] = ("Bitte schreiben Sie einen Text oder hängen Sie eine Datei an.", "Please write a text or attach a file."),
        ["reply.large"] = ("Die Antwort ist zu groß.", "The reply is too large."),
        ["no.subject"] = ("(kein Betreff)", "(no subject)"),
        ["error"] = ("Die Anfrage konnte nicht bearbeitet werden. Bitte laden Sie die Seite neu.", "The request could not be processed. Please reload the page."),
    };

    public static string Get(string language, string key) =>
        All.TryGetValue(key, out var text) ? (language == "de" ? text.De : text.En) : key;

    public static string Get(string language, string key, string argument) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, Get(language, key), argument);
}
