using System.ComponentModel.DataAnnotations;
using System.Text;
using Smgw.Grains.Tenants;
using Smgw.Interfaces.Tenants;
using Smgw.Silo.Notices;
using Smgw.Silo.TenantData;
using Xunit;

namespace Smgw.Tests.Unit;

/// <summary>Contacts (CL-15), documents (CL-16, CL-17) and the notice settings: what is accepted, and errors that name the field or setting.</summary>
public class TenantDataRulesTests
{
    private static List<string> Errors(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "").ToList();
    }

    [Fact]
    public void Notice_and_document_settings_are_validated_naming_the_setting()
    {
        Assert.Empty(Errors(new NoticeOptions()));
        Assert.Empty(Errors(new DocumentOptions()));
        Assert.Contains(Errors(new NoticeOptions { From = "Gateway <gw@example.org>" }), e => e.Contains("Smgw:Notices:From"));
        Assert.Contains(Errors(new NoticeOptions { From = "no-at-sign" }), e => e.Contains("Smgw:Notices:From"));
        Assert.Contains(Errors(new NoticeOptions { ReminderPeriod = TimeSpan.Zero }), e => e.Contains("Smgw:Notices:ReminderPeriod"));
        Assert.Contains(Errors(new DocumentOptions { MaxSize = 10 }), e => e.Contains("Smgw:Documents:MaxSize"));
    }

    [Fact]
    public void Contacts_are_normalised_and_bad_ones_refused_naming_the_field()
    {
        var normalized = ContactsValidator.Normalize("acme", new TenantContacts
        {
            Language = " EN ",
            Contacts = [new Contact { Name = " Jörg ", Email = " joerg@acme.example ", Language = "DE", Phone = "+49 (351) 123-4" }],
        });
        Assert.Equal("en", normalized.Language);
        Assert.Equal("acme", normalized.TenantId);
        Assert.Equal("joerg@acme.example", normalized.Contacts[0].Email);
        Assert.Equal("de", normalized.Contacts[0].Language);
        Assert.Equal("de", ContactsValidator.Normalize("acme", new TenantContacts { Language = "" }).Language);

        Assert.Contains("language", Refused(new TenantContacts { Language = "fr" }));
        Assert.Contains("contacts[0].email", Refused(new TenantContacts { Contacts = [new Contact { Name = "A", Email = "a@@acme.example" }] }));
        Assert.Contains("contacts[0].email", Refused(new TenantContacts { Contacts = [new Contact { Name = "A", Email = "A <a@acme.example>" }] }));
        Assert.Contains("contacts[0].phone", Refused(new TenantContacts { Contacts = [new Contact { Name = "A", Email = "a@acme.example", Phone = "call me" }] }));
        Assert.Contains("contacts[1].email", Refused(new TenantContacts { Contacts = [new Contact { Name = "A", Email = "a@acme.example" }, new Contact { Name = "B", Email = "A@acme.example" }] }));
        Assert.Contains("contacts[0].language", Refused(new TenantContacts { Contacts = [new Contact { Name = "A", Email = "a@acme.example", Language = "sorbian" }] }));
    }

    private static string Refused(TenantContacts contacts) =>
        Assert.Throws<ArgumentException>(() => ContactsValidator.Normalize("acme", contacts)).Message;

    [Fact]
    public void Documents_must_be_what_their_content_type_says()
    {
        Assert.Equal("application/pdf", DocumentRules.CheckContent("application/pdf", Encoding.ASCII.GetBytes("%PDF-1.7 ..."), 1000));
        Assert.Equal("text/plain", DocumentRules.CheckContent("text/plain; charset=utf-8", Encoding.UTF8.GetBytes("Anleitung für Anwender"), 1000));
        Assert.Contains("not application/pdf", Assert.Throws<ArgumentException>(() => DocumentRules.CheckContent("application/pdf", Encoding.ASCII.GetBytes("<html>"), 1000)).Message);
        Assert.Contains("UTF-8", Assert.Throws<ArgumentException>(() => DocumentRules.CheckContent("text/plain", [0xff, 0xfe, 0x41], 1000)).Message);
        Assert.Contains("content-type", Assert.Throws<ArgumentException>(() => DocumentRules.CheckContent("text/html", Encoding.UTF8.GetBytes("<p>"), 1000)).Message);
        Assert.Contains("Smgw:Documents:MaxSize", Assert.Throws<ArgumentException>(() => DocumentRules.CheckContent("text/plain", new byte[1001].Select(_ => (byte)'x').ToArray(), 1000)).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => DocumentRules.CheckContent("text/plain", [], 1000)).Message);
        Assert.Equal("CL-16", DocumentRules.Item("cl-16"));
        Assert.Throws<ArgumentException>(() => DocumentRules.Item("CL-8"));
        Assert.Throws<ArgumentException>(() => DocumentRules.CheckName("../etc/passwd"));
        Assert.Throws<ArgumentException>(() => DocumentRules.CheckLink("file:///etc/passwd"));
    }

    [Fact]
    public void Notice_queue_ids_are_stable_and_look_like_queue_ids()
    {
        var id = NoticeSender.QueueIdFor("maintenance|m-1|acme|de");
        Assert.Equal(id, NoticeSender.QueueIdFor("maintenance|m-1|acme|de"));
        Assert.NotEqual(id, NoticeSender.QueueIdFor("maintenance|m-1|acme|en"));
        Assert.Matches("^[0-9A-F]{32}$", id);
    }
}
