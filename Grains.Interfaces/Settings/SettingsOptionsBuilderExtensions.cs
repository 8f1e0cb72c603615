using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Smgw.Interfaces.Settings;

public static class SettingsOptionsBuilderExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/> after <see cref="SettingsShape"/>
    /// found every value convertible (otherwise <see cref="SettingsException"/>). Use with ValidateOnStart.
    /// </summary>
    public static OptionsBuilder<TOptions> BindSettings<TOptions>(this OptionsBuilder<TOptions> builder, string section)
        where TOptions : class
    {
        builder.Configure<IConfiguration>((options, configuration) =>
        {
            var settings = configuration.GetSection(section);
            var problems = SettingsShape.Check(settings, typeof(TOptions));
            if (problems.Count > 0)
            {
                throw new SettingsException(problems);
            }
            settings.Bind(options);
        });
        return builder;
    }
}
