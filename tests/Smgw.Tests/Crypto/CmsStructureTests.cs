using System.Formats.Asn1;
using System.Security.Cryptography.Pkcs;
using Smgw.Crypto.Smime;
using Xunit;

namespace Smgw.Tests.Crypto;

/// <summary>What a ContentInfo really is, from its bytes: real structures by the framework, hand-built hostile ones.</summary>
[Collection(TestPkiCollection.Name)]
public sealed class CmsStructureTests(TestPki pki)
{
    private static readonly Asn1Tag Explicit0 = new(TagClass.ContextSpecific, 0, isConstructed: true);

    private byte[] RealEnveloped()
    {
        var cms = new EnvelopedCms(new ContentInfo("secret"u8.ToArray()));
        cms.Encrypt(new CmsRecipient(pki.Bob.Certificate));
        return cms.Encode();
    }

    private byte[] RealSigned()
    {
        var cms = new SignedCms(new ContentInfo("text"u8.ToArray()));
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, pki.Alice.Certificate, pki.Alice.PrivateKey));
        return cms.Encode();
    }

    /// <summary>ContentInfo { type, [0] EXPLICIT content } with hand-written content.</summary>
    private static byte[] ContentInfo(string type, Action<AsnWriter> content)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(type);
            using (writer.PushSequence(Explicit0))
            {
                content(writer);
            }
        }
        return writer.Encode();
    }

    private static void Enveloped(AsnWriter w, int recipients, bool content)
    {
        using (w.PushSequence())
        {
            w.WriteInteger(0);
            using (w.PushSetOf())
            {
                for (var i = 0; i < recipients; i++)
                {
                    using (w.PushSequence())
                    {
                        w.WriteInteger(0);
                    }
                }
            }
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier(SmimeOids.Data);
                using (w.PushSequence())
                {
                    w.WriteObjectIdentifier(SmimeOids.Aes256Cbc);
                }
                if (content)
                {
                    w.WriteOctetString(new byte[32], new Asn1Tag(TagClass.ContextSpecific, 0));
                }
            }
        }
    }

    [Fact]
    public void Real_structures_are_what_they_are()
    {
        Assert.Equal(CmsContent.Enveloped, CmsStructure.Classify(RealEnveloped()));
        Assert.Equal(CmsContent.Signed, CmsStructure.Classify(RealSigned()));
        Assert.Equal(CmsContent.Enveloped, CmsStructure.Classify(ContentInfo(SmimeOids.EnvelopedData, w => Enveloped(w, 1, content: true))));
    }

    [Fact]
    public void An_enveloped_data_without_a_recipient_or_without_content_is_not_encrypted()
    {
        Assert.Equal(CmsContent.Other, CmsStructure.Classify(ContentInfo(SmimeOids.EnvelopedData, w => Enveloped(w, 0, content: true))));
        Assert.Equal(CmsContent.Other, CmsStructure.Classify(ContentInfo(SmimeOids.EnvelopedData, w => Enveloped(w, 1, content: false))));
        // The right type OID over a signed-data body, and data claimed as enveloped.
        Assert.Equal(CmsContent.Other, CmsStructure.Classify(ContentInfo(SmimeOids.EnvelopedData, w => w.WriteOctetString("plain"u8))));
        Assert.Equal(CmsContent.Other, CmsStructure.Classify(ContentInfo(SmimeOids.Data, w => w.WriteOctetString("plain"u8))));
    }

    [Fact]
    public void Trailing_bytes_truncation_and_garbage_are_not_encrypted()
    {
        var real = RealEnveloped();
        Assert.Equal(CmsContent.Other, CmsStructure.Classify(real.Concat("plain text after it"u8.ToArray()).ToArray()));
        for (var cut = 0; cut < real.Length; cut += 7)
        {
            Assert.Equal(CmsContent.Other, CmsStructure.Classify(real.AsMemory(0, cut)));
        }
        Assert.Equal(CmsContent.Other, CmsStructure.Classify("Content-Type: text/plain\r\n\r\nhello"u8.ToArray()));
        Assert.Equal(CmsContent.Other, CmsStructure.Classify(new byte[] { 0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF }));
        Assert.Equal(CmsContent.Other, CmsStructure.Classify(ReadOnlyMemory<byte>.Empty));
    }

    [Fact]
    public void Deeply_nested_indefinite_lengths_are_refused_without_a_crash()
    {
        // 100,000 nested BER indefinite-length sequences: a recursive reader would overflow its stack.
        var depth = 100_000;
        var bytes = new byte[depth * 4];
        for (var i = 0; i < depth; i++)
        {
            bytes[2 * i] = 0x30;
            bytes[2 * i + 1] = 0x80;
        }
        Assert.Equal(CmsContent.Other, CmsStructure.Classify(bytes));
    }

    [Fact]
    public void Compressed_data_is_recognised_as_readable()
    {
        Assert.Equal(CmsContent.Compressed, CmsStructure.Classify(ContentInfo(SmimeOids.CompressedData, w =>
        {
            using (w.PushSequence())
            {
                w.WriteInteger(0);
            }
        })));
    }
}
