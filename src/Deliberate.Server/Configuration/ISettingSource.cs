namespace Deliberate.Server.Configuration;

/// <summary>A configuration source that can say where a key came from (a variable's or a flag's name), for error messages.</summary>
public interface ISettingSource
{
    string Describe(string key);
}
