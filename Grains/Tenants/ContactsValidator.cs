using MimeKit;
using Smgw.Interfaces.Tenants;

namespace Smgw.Grains.Tenants;

/// <summary>Checks and normalises a tenant's contacts (CL-15); the error names the field.</summary>
public static class ContactsValidator
{
    public static readonly IReadOnlyList<string> Languages = ["de", "en"];

    public static TenantContacts Normalize(string tenantId, TenantContacts contacts)
    {
        var language = (contacts.Language ?? "").Trim().ToLowerInvariant();
        if (language.Length == 0)
        {
            language = "de";
        }
        if (!Languages.Contains(language))
        {
            throw new ArgumentException($"language: '{contacts.Language}' is not one of de, en.");
        }
        var list = new List<Contact>();
        var given = contacts.Contacts ?? [];
        for (var i = 0; i < given.Count; i++)
        {
            var c = given[i];
            var name = (c.Name ?? "").Trim();
            if (name.Length == 0)
            {
                throw new ArgumentException($"contacts[{i}].name: missing.");
            }
            var email = (c.Email ?? "").Trim();
            if (!IsAddress(email))
            {
                throw new ArgumentException($"contacts[{i}].email: '{email}' is not an e-mail address (local@domain).");
            }
            var contactLanguage = (c.Language ?? "").Trim().ToLowerInvariant();
            if (contactLanguage.Length > 0 && !Languages.Contains(contactLanguage))
            {
                throw new ArgumentException($"contacts[{i}].language: '{c.Language}' is not one of de, en (or empty: the tenant's).");
            }
            var phone = (c.Phone ?? "").Trim();
            if (phone.Any(ch => !(char.IsAsciiDigit(ch) || ch is '+' or ' ' or '-' or '/' or '(' or ')')))
            {
                throw new ArgumentException($"contacts[{i}].phone: '{phone}' may hold only digits, spaces and + - / ( ).");
            }
            if (list.Any(x => string.Equals(x.Email, email, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"contacts[{i}].email: {email} is listed twice.");
            }
            list.Add(new Contact { Name = name, Function = (c.Function ?? "").Trim(), Email = email, Phone = phone, Language = contactLanguage });
        }
        return new TenantContacts { TenantId = tenantId, Language = language, Contacts = list };
    }

    /// <summary>A plain addr-spec with a dotted domain, no display name, no route.</summary>
    public static bool IsAddress(string text) =>
        text.Length is > 2 and <= 254
        && text.IndexOf('@') > 0
        && text.LastIndexOf('@') == text.IndexOf('@')
        && text[(text.IndexOf('@') + 1)..].Contains('.')
        && !text.Any(char.IsWhiteSpace)
        && MailboxAddress.TryParse(text, out var parsed)
        && string.Equals(parsed.Address, text, StringComparison.Ordinal);
}
