using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Smgw.Crypto.Smime;

/// <summary>The SMIMECapabilities signed attribute (RFC 8551 section 2.5.2): what we can decrypt, best first.</summary>
internal static class SmimeCapabilities
{
    /// <summary>
    /// Advertised content-encryption algorithms, in order of preference. AES-256-GCM is listed
    /// only when the engine can open AuthEnvelopedData; peers choose from this list.
    /// </summary>
    public static readonly IReadOnlyList<string> Advertised = [SmimeOids.Aes256Gcm, SmimeOids.Aes256Cbc, SmimeOids.Aes128Cbc];

    private static readonly byte[] s_encoded = Encode(Advertised);

    public static AsnEncodedData CreateAttribute() => new(SmimeOids.SmimeCapabilities, s_encoded);

    internal static byte[] Encode(IEnumerable<string> oids)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var oid in oids)
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(oid);
                }
            }
        }

        return writer.Encode();
    }

    /// <summary>Reads the capability OIDs out of an encoded SMIMECapabilities value (empty when malformed).</summary>
    public static IReadOnlyList<string> Decode(ReadOnlyMemory<byte> encoded)
    {
        var result = new List<string>();
        try
        {
            var reader = new AsnReader(encoded, AsnEncodingRules.BER);
            var sequence = reader.ReadSequence();
            while (sequence.HasData)
            {
                var capability = sequence.ReadSequence();
                result.Add(capability.ReadObjectIdentifier());
            }
        }
        catch (AsnContentException)
        {
        }

        return result;
    }
}
