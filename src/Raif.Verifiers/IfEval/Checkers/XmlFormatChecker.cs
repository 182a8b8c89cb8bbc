using System.Text.Json;
using System.Xml;
using Raif.Verifiers.Python;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary>
/// <c>detectable_format:xml_format</c> (RAIF's addition; spec §6.4): the fence is removed as for JSON (with "xml",
/// "Xml", "XML"), then the text passes if an XML parser accepts it as a document, or if it contains an opening tag
/// <c>&lt;…&gt;</c> followed somewhere later by a closing tag <c>&lt;/…&gt;</c> (across lines) — the spec's lenient
/// fallback "optional &lt;?xml …?&gt;, then anything containing &lt;…&gt; … &lt;/…&gt;". RAIF's own source was not
/// consulted (its licence forbids reuse), so this rule follows the specification's wording.
/// </summary>
internal sealed class XmlFormatChecker(IfevalVariant variant) : IInstructionChecker
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        ConformanceLevel = ConformanceLevel.Document,
        IgnoreComments = true,
    };

    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        _ = new InstructionArgs(IfevalIds.XmlFormat, kwargs);
        return new XmlFormatChecker(options.Variant);
    }

    public bool Check(string response)
    {
        string value = JsonFormatChecker.Unfence(response, variant, "xml", "Xml", "XML");
        return IsWellFormed(value) || PyFindall.HasOpenThenCloseTag(value);
    }

    private static bool IsWellFormed(string text)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), Settings);
            while (reader.Read())
            {
            }
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }
}
