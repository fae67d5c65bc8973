/*
 * messages.c — the texts users read, one row per message, one column per
 * language. Format strings of a row take the same arguments in the same
 * order in every language (a unit test compares their conversions).
 * Also numbers and sums of money as each language writes them, which the
 * findings' texts and every report share.
 *
 * Not here: rule explanations (they come with each rule set, in Lua) and
 * libxml2's own well-formedness messages, which stay in English (schema
 * errors are reworded by schema_messages.c, with libxml2's text kept only
 * for the kinds it has no words for).
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "messages.h"

static const char *const texts[M_COUNT][3] = {
    [M_ADAPTATION_FAILED] = {"adaptation '%s' (kind %s) could not be applied: %s",
                             "aanpassing '%s' (soort %s) kon niet toegepast worden: %s",
                             "l'aménagement '%s' (type %s) n'a pas pu être appliqué : %s"},
    [M_BAD_BOOLEAN] = {"%s=\"%s\" is not a yes/no value (expected true or false)",
                       "%s=\"%s\" is geen ja/nee-waarde (verwacht: true of false)",
                       "%s=\"%s\" n'est pas une valeur oui/non (attendu : true ou false)"},
    [M_BAD_PARAM_CHOICE] = {"--set %s.%s=%s: not an accepted value (expected one of: %s)",
                            "--set %s.%s=%s: geen aanvaarde waarde (verwacht een van: %s)",
                            "--set %s.%s=%s : valeur non acceptée (attendu l'une de : %s)"},
    [M_BAD_PARAM_KIND] = {"parameter '%s': unknown kind '%s' (expected limit or reading)",
                          "parameter '%s': onbekende soort '%s' (verwacht: limit of reading)",
                          "paramètre '%s' : type inconnu '%s' (attendu : limit ou reading)"},
    [M_BAD_PARAM_VALUE] = {"--set %s.%s=%s: not an accepted value (default: %s)",
                           "--set %s.%s=%s: geen aanvaarde waarde (standaard: %s)",
                           "--set %s.%s=%s : valeur non acceptée (par défaut : %s)"},
    [M_BAD_RULES_LIST] =
        {"--rules '%s': expected rule-set ids separated by commas",
         "--rules '%s': verwacht regelset-id's gescheiden door komma's",
         "--rules '%s' : identifiants de jeux de règles séparés par des virgules attendus"},
    [M_BAD_SET] = {"--set '%s': expected RULESET.PARAMETER=VALUE",
                   "--set '%s': verwacht REGELSET.PARAMETER=WAARDE",
                   "--set '%s' : attendu JEU.PARAMÈTRE=VALEUR"},
    [M_BAD_WORDS] =
        {"%s=\"%s\": '%.*s' is not a word this kind accepts (expected some of: %s)",
         "%s=\"%s\": '%.*s' is geen woord dat deze soort aanvaardt (verwacht enkele van: %s)",
         "%s=\"%s\" : '%.*s' n'est pas un mot accepté par ce type (attendu certains de : %s)"},
    [M_CANNOT_OPEN] = {"cannot open: %s", "kan niet openen: %s", "impossible d'ouvrir : %s"},
    [M_CANNOT_READ] = {"cannot read: %s", "kan niet lezen: %s", "impossible de lire : %s"},
    [M_CANNOT_WRITE] = {"cannot write: %s", "kan niet schrijven: %s", "impossible d'écrire : %s"},
    [M_DUPLICATE_ID] =
        {"id '%s' is used twice (expected a unique id)",
         "id '%s' komt twee keer voor (verwacht: een unieke id)",
         "l'identifiant '%s' est utilisé deux fois (attendu : un identifiant unique)"},
    [M_DUPLICATE_ELEMENT_ID] =
        {"id '%s' is used twice in task '%s' (expected a unique id within the task)",
         "id '%s' komt twee keer voor in taak '%s' (verwacht: een unieke id binnen de taak)",
         "l'identifiant '%s' est utilisé deux fois dans la tâche '%s' (attendu : un "
         "identifiant unique dans la tâche)"},
    [M_ADAPTATION_IS_TASK] =
        {"adaptation id '%s' is also the id of a task (expected an id of its own, so that a "
         "report cannot read the adaptation as the task)",
         "aanpassings-id '%s' is ook de id van een taak (verwacht: een eigen id, zodat een "
         "rapport de aanpassing niet als de taak leest)",
         "l'identifiant d'aménagement '%s' est aussi celui d'une tâche (attendu : un "
         "identifiant propre, pour qu'un rapport ne confonde pas l'aménagement et la tâche)"},
    [M_ELEM_ONCE] = {"<%s> may appear only once in <%s> (the first one is on line %d)",
                     "<%s> mag maar één keer voorkomen in <%s> (de eerste staat op regel %d)",
                     "<%s> ne peut figurer qu'une fois dans <%s> (le premier est à la ligne %d)"},
    [M_NO_TASK] = {"a job profile needs at least one <task>",
                   "een functieprofiel heeft minstens één <task> nodig",
                   "un profil de poste doit contenir au moins une <task>"},
    [M_TASK_OVER_DAY] =
        {"task '%s' takes %s h a day, longer than the working day of %s h (<schedule "
         "hours-per-day>)",
         "taak '%s' duurt %s u per dag, langer dan de werkdag van %s u (<schedule "
         "hours-per-day>)",
         "la tâche '%s' dure %s h par jour, plus que la journée de travail de %s h (<schedule "
         "hours-per-day>)"},
    [M_TASKS_OVER_DAY] =
        {"the tasks add up to %s h a day (%s), more than the working day of %s h",
         "de taken duren samen %s u per dag (%s), meer dan de werkdag van %s u",
         "les tâches totalisent %s h par jour (%s), plus que la journée de travail de %s h"},
    [M_TASKS_OVER_24] =
        {"the tasks add up to %s h a day (%s), more than the 24 h of a day",
         "de taken duren samen %s u per dag (%s), meer dan de 24 u van een dag",
         "les tâches totalisent %s h par jour (%s), plus que les 24 h d'une journée"},
    [M_HEAVY_OVER_DAY] =
        {"heavy work lasts %s h a day, longer than the working day of %s h",
         "zwaar werk duurt %s u per dag, langer dan de werkdag van %s u",
         "le travail lourd dure %s h par jour, plus que la journée de travail de %s h"},
    [M_STANCE_OVER_TASK] =
        {"%s in task '%s' lasts %s h a day, longer than the task's %s h",
         "%s in taak '%s' duurt %s u per dag, langer dan de %s u van de taak",
         "%s dans la tâche '%s' dure %s h par jour, plus que les %s h de la tâche"},
    [M_STANCE_LONGER] =
        {"%s in task '%s' lasts %s minutes without a break, longer than its %s h a day",
         "%s in taak '%s' duurt %s minuten zonder onderbreking, langer dan zijn %s u per dag",
         "%s dans la tâche '%s' dure %s minutes sans interruption, plus que ses %s h par "
         "jour"},
    [M_NO_SUCH_ELEMENT] =
        {"task '%s' has no <%s> with id '%s' (expected the id of one of its <%s> elements)",
         "taak '%s' heeft geen <%s> met id '%s' (verwacht: de id van een van haar "
         "<%s>-elementen)",
         "la tâche '%s' n'a pas de <%s> d'identifiant '%s' (attendu : l'identifiant d'un de "
         "ses éléments <%s>)"},
    [M_KIND_NEEDS_ATTR] = {"adaptation kind '%s' needs attribute '%s'",
                           "aanpassingssoort '%s' vereist attribuut '%s'",
                           "le type d'aménagement '%s' exige l'attribut '%s'"},
    [M_KIND_NO_ATTR] = {"adaptation kind '%s' takes no attribute '%s' (it takes: %s)",
                        "aanpassingssoort '%s' kent geen attribuut '%s' (wel: %s)",
                        "le type d'aménagement '%s' ne prend pas l'attribut '%s' (il prend : %s)"},
    [M_LUA_HOARDS] =
        {"stopped: keeps %zu MiB of the Lua heap alive between calls, more than half "
         "of %zu MiB",
         "gestopt: houdt %zu MiB van het Lua-geheugen vast tussen oproepen, meer dan de "
         "helft van %zu MiB",
         "arrêté : garde %zu Mio du tas Lua entre deux appels, plus de la moitié de "
         "%zu Mio"},
    [M_LUA_MEMORY] = {"memory limit reached", "geheugenlimiet bereikt",
                      "limite de mémoire atteinte"},
    [M_LUA_MEMORY_LIMIT] = {"stopped: memory limit of %zu MiB reached",
                            "gestopt: geheugenlimiet van %zu MiB bereikt",
                            "arrêté : limite de mémoire de %zu Mio atteinte"},
    [M_LUA_TIME] = {"instruction limit reached", "instructielimiet bereikt",
                    "limite d'instructions atteinte"},
    [M_LUA_TIME_LIMIT] = {"stopped: instruction limit of %ld reached (endless loop?)",
                          "gestopt: instructielimiet van %ld bereikt (oneindige lus?)",
                          "arrêté : limite de %ld instructions atteinte (boucle sans fin ?)"},
    [M_LUA_CLOCK_LIMIT] = {"stopped: time limit of %g s of CPU reached",
                           "gestopt: tijdslimiet van %g s CPU bereikt",
                           "arrêté : limite de temps de %g s de CPU atteinte"},
    [M_ICF_EMPTY] = {"an empty ICF code", "een lege ICF-code", "un code CIF vide"},
    [M_ICF_NO_COMPONENT] = {"%s: an ICF code starts with its component: b, s, d (or a, p) or e",
                            "%s: een ICF-code begint met zijn component: b, s, d (of a, p) of e",
                            "%s : un code CIF commence par sa composante : b, s, d (ou a, p) ou e"},
    [M_ICF_COMPONENT] = {"%s: '%.*s' is not an ICF component (b, s, d, a, p or e)",
                         "%s: '%.*s' is geen ICF-component (b, s, d, a, p of e)",
                         "%s : « %.*s » n'est pas une composante de la CIF (b, s, d, a, p ou e)"},
    [M_ICF_NO_DIGITS] = {"%s: no digits after the component", "%s: geen cijfers na de component",
                         "%s : pas de chiffres après la composante"},
    [M_ICF_TOO_MANY_DIGITS] = {"%s: too many digits for %c (at most %d)",
                               "%s: te veel cijfers voor %c (hoogstens %d)",
                               "%s : trop de chiffres pour %c (au plus %d)"},
    [M_ICF_NO_LEVEL] = {"%s: 2 digits are no level of the %c codes (they have %s)",
                        "%s: 2 cijfers zijn geen niveau van de %c-codes (die hebben er %s)",
                        "%s : 2 chiffres ne sont pas un niveau des codes %c (ils en ont %s)"},
    [M_ICF_ONE_SEPARATOR] = {"%s: one separator only (. or, for e, +)",
                             "%s: maar één scheidingsteken (. of, voor e, +)",
                             "%s : un seul séparateur (. ou, pour e, +)"},
    [M_ICF_TRAILING] = {"%s: '%.*s' after the code: qualifiers follow a separator",
                        "%s: '%.*s' na de code: kwalificaties volgen op een scheidingsteken",
                        "%s : « %.*s » après le code : les qualificatifs suivent un séparateur"},
    [M_ICF_FACILITATOR] =
        {"%s: + (a facilitator) is for environmental factors (e) only",
         "%s: + (een faciliterende factor) is er alleen voor omgevingsfactoren (e)",
         "%s : + (un facilitateur) est réservé aux facteurs environnementaux (e)"},
    [M_ICF_NO_EXTENT] = {"%s: a facilitator without its extent (as in e310+2)",
                         "%s: een faciliterende factor zonder zijn omvang (zoals in e310+2)",
                         "%s : un facilitateur sans son ampleur (comme dans e310+2)"},
    [M_ICF_NO_QUALIFIER] = {"%s: a separator without a qualifier",
                            "%s: een scheidingsteken zonder kwalificatie",
                            "%s : un séparateur sans qualificatif"},
    [M_ICF_TOO_MANY_QUALIFIERS] =
        {"%s: %d qualifiers, where %c codes take at most %d",
         "%s: %d kwalificaties, waar %c-codes er hoogstens %d hebben",
         "%s : %d qualificatifs, alors que les codes %c en ont au plus %d"},
    [M_ICF_CHARACTER] =
        {"%s: character %d is %s, which has no place in an ICF code (letters, digits, ., + and _ "
         "only)",
         "%s: teken %d is %s, dat niet in een ICF-code hoort (alleen letters, cijfers, ., + en _)",
         "%s : le caractère %d est %s, qui n'a pas sa place dans un code CIF (uniquement des "
         "lettres, des chiffres, ., + et _)"},
    [M_ICF_BYTE] = {"%s: character %d is the byte 0x%02X, which is not UTF-8",
                    "%s: teken %d is de byte 0x%02X, die geen UTF-8 is",
                    "%s : le caractère %d est l'octet 0x%02X, qui n'est pas de l'UTF-8"},
    [M_ICF_QUALIFIER_CHAR] = {"%s: qualifier %d is '%c', not a digit or _",
                              "%s: kwalificatie %d is '%c', geen cijfer of _",
                              "%s : le qualificatif %d est « %c », ni un chiffre ni _"},
    [M_ICF_NOT_GENERIC] =
        {"%s: qualifier %d: %d is not a generic qualifier (0-4, 8, 9, or _ not recorded)",
         "%s: kwalificatie %d: %d is geen generieke kwalificatie (0-4, 8, 9, of _ niet "
         "geregistreerd)",
         "%s : qualificatif %d : %d n'est pas un qualificatif générique (0-4, 8, 9, ou _ non "
         "renseigné)"},
    [M_ICFX_HEAD_CHAPTER] = {"%s: %s (%c), chapter %c", "%s: %s (%c), hoofdstuk %c",
                             "%s : %s (%c), chapitre %c"},
    [M_ICFX_HEAD] = {"%s: %s (%c), chapter %c, level %d of %d, under %s",
                     "%s: %s (%c), hoofdstuk %c, niveau %d van %d, onder %s",
                     "%s : %s (%c), chapitre %c, niveau %d sur %d, sous %s"},
    [M_ICFX_BODY_FUNCTIONS] = {"body functions", "lichaamsfuncties", "fonctions organiques"},
    [M_ICFX_BODY_STRUCTURES] = {"body structures", "anatomische eigenschappen",
                                "structures anatomiques"},
    [M_ICFX_ACTIVITIES] = {"activities and participation", "activiteiten en participatie",
                           "activités et participation"},
    [M_ICFX_ENVIRONMENT] = {"environmental factors", "externe factoren",
                            "facteurs environnementaux"},
    [M_ICFX_QUALIFIER] = {"  qualifier %d, %s: %s", "  kwalificatie %d, %s: %s",
                          "  qualificatif %d, %s : %s"},
    [M_ICFX_NO_QUALIFIER] = {"  no qualifier: the code says nothing about severity",
                             "  geen kwalificatie: de code zegt niets over de ernst",
                             "  pas de qualificatif : le code ne dit rien de la gravité"},
    [M_ICFX_Q_IMPAIRMENT] = {"extent of impairment", "ernst van de stoornis",
                             "étendue de la déficience"},
    [M_ICFX_Q_NATURE] = {"nature of the change", "aard van de verandering", "nature du changement"},
    [M_ICFX_Q_LOCATION] = {"location", "lokalisatie", "localisation"},
    [M_ICFX_Q_PERFORMANCE] = {"performance", "uitvoering", "performance"},
    [M_ICFX_Q_CAPACITY] = {"capacity without assistance", "vermogen zonder hulp",
                           "capacité sans aide"},
    [M_ICFX_Q_CAPACITY_ASSISTED] = {"capacity with assistance", "vermogen met hulp",
                                    "capacité avec aide"},
    [M_ICFX_Q_PERFORMANCE_UNASSISTED] = {"performance without assistance", "uitvoering zonder hulp",
                                         "performance sans aide"},
    [M_ICFX_Q_BARRIER] = {"extent of the barrier", "omvang van de belemmering",
                          "ampleur de l'obstacle"},
    [M_ICFX_Q_FACILITATOR] = {"extent of the facilitator", "omvang van de faciliterende factor",
                              "ampleur du facilitateur"},
    [M_ICFX_SCALE_0] = {"no problem (0-4 %)", "geen probleem (0-4 %)", "pas de problème (0-4 %)"},
    [M_ICFX_SCALE_1] = {"mild (5-24 %)", "licht (5-24 %)", "léger (5-24 %)"},
    [M_ICFX_SCALE_2] = {"moderate (25-49 %)", "matig (25-49 %)", "modéré (25-49 %)"},
    [M_ICFX_SCALE_3] = {"severe (50-95 %)", "ernstig (50-95 %)", "grave (50-95 %)"},
    [M_ICFX_SCALE_4] = {"complete (96-100 %)", "volledig (96-100 %)", "complet (96-100 %)"},
    [M_ICFX_SCALE_8] = {"not specified", "niet gespecificeerd", "non précisé"},
    [M_ICFX_SCALE_9] = {"not applicable", "niet van toepassing", "sans objet"},
    [M_ICFX_UNRECORDED] = {"not recorded", "niet geregistreerd", "non renseigné"},
    [M_ICFX_NOT_CLASSIFIED] = {"%s: not in the ICF classification (%s)",
                               "%s: staat niet in de ICF-classificatie (%s)",
                               "%s : absent de la classification CIF (%s)"},
    [M_ICFX_TITLE] = {"  title: %s%s", "  titel: %s%s", "  titre : %s%s"},
    [M_ICFX_PARENT] = {"  parent %s: %s%s", "  bovenliggende code %s: %s%s",
                       "  code parent %s : %s%s"},
    [M_ICFX_PARENT_UNTITLED] = {"  parent %s", "  bovenliggende code %s", "  code parent %s"},
    [M_ICFX_CHILDREN] = {"  children (%d): ", "  onderliggende codes (%d): ",
                         "  codes enfants (%d) : "},
    [M_ICFX_CHILDREN_MANY] = {"  children: %d (more than %d: not listed)",
                              "  onderliggende codes: %d (meer dan %d: niet opgesomd)",
                              "  codes enfants : %d (plus de %d : non énumérés)"},
    [M_ICFX_CHILD_SEP] = {";", ";", " ;"}, /* then a space */
    [M_CLAML_ENCODING] =
        {"not UTF-8 (found %s): convert the classification to UTF-8 (iconv -t UTF-8)",
         "geen UTF-8 (gevonden: %s): zet de classificatie om naar UTF-8 (iconv -t UTF-8)",
         "pas en UTF-8 (trouvé : %s) : convertissez la classification en UTF-8 (iconv -t UTF-8)"},
    [M_CLAML_BAD_UTF8] = {"not valid UTF-8 (byte 0x%02X): convert the classification to UTF-8",
                          "geen geldige UTF-8 (byte 0x%02X): zet de classificatie om naar UTF-8",
                          "UTF-8 non valide (octet 0x%02X) : convertissez la classification en "
                          "UTF-8"},
    [M_CLAML_ELEMENTS] = {"too many elements (at most %d in a classification)",
                          "te veel elementen (hoogstens %d in een classificatie)",
                          "trop d'éléments (au plus %d dans une classification)"},
    [M_CLAML_ENTITY] =
        {"the DOCTYPE declares the entity '%s': a classification needs none (entities are "
         "refused: they can expand without bound or read other files)",
         "het DOCTYPE declareert de entiteit '%s': een classificatie heeft er geen nodig "
         "(entiteiten worden geweigerd: ze kunnen onbegrensd uitdijen of andere bestanden "
         "lezen)",
         "le DOCTYPE déclare l'entité '%s' : une classification n'en a pas besoin (les entités "
         "sont refusées : elles peuvent croître sans limite ou lire d'autres fichiers)"},
    [M_CLAML_DECLARATION] =
        {"the DOCTYPE declares %s '%s': a classification needs no declarations of its own",
         "het DOCTYPE declareert %s '%s': een classificatie heeft geen eigen declaraties nodig",
         "le DOCTYPE déclare %s '%s' : une classification n'a pas besoin de déclarations "
         "propres"},
    [M_CLAML_ROOT] =
        {"the root element is <%s>, not <ClaML> (expected an ICF classification in ClaML)",
         "het hoofdelement is <%s>, niet <ClaML> (verwacht: een ICF-classificatie in ClaML)",
         "l'élément racine est <%s>, pas <ClaML> (attendu : une classification CIF en ClaML)"},
    [M_CLAML_NO_CODE] = {"<%s> without a code attribute", "<%s> zonder attribuut code",
                         "<%s> sans attribut code"},
    [M_CLAML_NO_KIND] = {"class %s without a kind attribute", "klasse %s zonder attribuut kind",
                         "classe %s sans attribut kind"},
    [M_CLAML_CATEGORY] = {"a category must be an ICF code without qualifiers: %s",
                          "een categorie moet een ICF-code zonder kwalificaties zijn: %s",
                          "une catégorie doit être un code CIF sans qualificatif : %s"},
    [M_CLAML_EMPTY] = {"no <Class> in this file (expected the classes of the ICF)",
                       "geen <Class> in dit bestand (verwacht: de klassen van de ICF)",
                       "aucune <Class> dans ce fichier (attendu : les classes de la CIF)"},
    [M_CLAML_DUPLICATE] = {"class %s is defined twice (first on line %d)",
                           "klasse %s is twee keer gedefinieerd (eerst op regel %d)",
                           "la classe %s est définie deux fois (d'abord à la ligne %d)"},
    [M_CLAML_DANGLING] = {"<%s code=\"%s\">: the file has no such class",
                          "<%s code=\"%s\">: het bestand heeft geen klasse met die code",
                          "<%s code=\"%s\"> : aucune classe de ce code dans le fichier"},
    [M_CLAML_SUPERS] = {"class %s has more than one SuperClass (the ICF is a tree)",
                        "klasse %s heeft meer dan één SuperClass (de ICF is een boom)",
                        "la classe %s a plus d'une SuperClass (la CIF est un arbre)"},
    [M_CLAML_SUB_MISMATCH] = {"class %s lists SubClass %s, whose SuperClass is %s",
                              "klasse %s noemt SubClass %s, waarvan de SuperClass %s is",
                              "la classe %s cite la SubClass %s, dont la SuperClass est %s"},
    [M_CLAML_SUB_ORPHAN] = {"class %s lists SubClass %s, which has no SuperClass",
                            "klasse %s noemt SubClass %s, die geen SuperClass heeft",
                            "la classe %s cite la SubClass %s, qui n'a pas de SuperClass"},
    [M_CLAML_SUB_TWICE] = {"class %s lists SubClass %s twice",
                           "klasse %s noemt SubClass %s twee keer",
                           "la classe %s cite deux fois la SubClass %s"},
    [M_CLAML_SUPER_UNLISTED] =
        {"class %s has SuperClass %s, which does not list it as a SubClass",
         "klasse %s heeft SuperClass %s, die haar niet als SubClass noemt",
         "la classe %s a pour SuperClass %s, qui ne la cite pas comme SubClass"},
    [M_CLAML_CYCLE] =
        {"class %s is its own ancestor (its chain of SuperClass leads back to it)",
         "klasse %s is haar eigen voorouder (haar keten van SuperClass leidt naar haar terug)",
         "la classe %s est son propre ancêtre (sa chaîne de SuperClass y ramène)"},
    [M_CHECK_SPENT] = {"stopped: the time budget of %g s of CPU for this check is spent "
                       "(--max-seconds)",
                       "gestopt: het tijdsbudget van %g s CPU voor deze controle is op "
                       "(--max-seconds)",
                       "arrêté : le budget de temps de %g s de CPU de ce contrôle est épuisé "
                       "(--max-seconds)"},
    [M_SHARE_SPENT] = {"stopped: this rule set's share (%g s) of the time budget of %g s of CPU "
                       "for this check is spent (--max-seconds)",
                       "gestopt: het deel van deze regelset (%g s) van het tijdsbudget van %g s "
                       "CPU voor deze controle is op (--max-seconds)",
                       "arrêté : la part de ce jeu de règles (%g s) du budget de temps de %g s "
                       "de CPU de ce contrôle est épuisée (--max-seconds)"},
    [M_LUA_NO_TIMER] = {"cannot start the CPU-time timer that limits rules: %s",
                        "kan de CPU-tijdklok die regels begrenst niet starten: %s",
                        "impossible de démarrer le minuteur de temps CPU qui limite les "
                        "règles : %s"},
    [M_NOT_A_FILE] = {"not a regular file", "geen gewoon bestand", "pas un fichier ordinaire"},
    [M_NOT_LOADED] = {"not loaded", "niet geladen", "non chargé"},
    [M_NO_CATALOGUE] =
        {"no adaptations.lua (the adaptation catalogue) in the rule directories",
         "geen adaptations.lua (de aanpassingscatalogus) in de regelmappen",
         "pas d'adaptations.lua (le catalogue des aménagements) dans les dossiers de règles"},
    [M_NO_SUCH_PARAM] =
        {"rule set '%s' has no parameter '%s' (see: capamatch rules)",
         "regelset '%s' heeft geen parameter '%s' (zie: capamatch rules)",
         "le jeu de règles '%s' n'a pas de paramètre '%s' (voir : capamatch rules)"},
    [M_NO_SUCH_RULESET] = {"no rule set '%s' (see: capamatch rules)",
                           "geen regelset '%s' (zie: capamatch rules)",
                           "pas de jeu de règles '%s' (voir : capamatch rules)"},
    [M_RULESET_ID_TAKEN] = {"rule set '%s' has the id of %s: a rule set from --rules-dir may not "
                            "stand in for another one; give it its own file name and id",
                            "regelset '%s' heeft de id van %s: een regelset uit --rules-dir mag "
                            "geen andere vervangen; geef hem een eigen bestandsnaam en id",
                            "le jeu de règles '%s' a l'identifiant de %s : un jeu de règles de "
                            "--rules-dir ne peut en remplacer un autre ; donnez-lui son propre "
                            "nom de fichier et identifiant"},
    [M_NO_SUCH_TASK] = {"no task '%s' in this job (expected the id of a <task>)",
                        "geen taak '%s' in deze functie (verwacht: de id van een <task>)",
                        "pas de tâche '%s' dans ce poste (attendu : l'identifiant d'une <task>)"},
    [M_OUT_OF_RANGE] =
        {"%s=\"%s\" is out of range (expected a number from %.15g to %.15g)",
         "%s=\"%s\" ligt buiten het bereik (verwacht: een getal van %.15g tot %.15g)",
         "%s=\"%s\" est hors limites (attendu : un nombre de %.15g à %.15g)"},
    [M_OUTPUT_DIRECTORY] = {"is a directory (expected a file name for the report)",
                            "is een map (verwacht: een bestandsnaam voor het rapport)",
                            "est un dossier (attendu : un nom de fichier pour le rapport)"},
    [M_OUTPUT_NO_READER] =
        {"is a pipe that nothing reads (start its reader first)",
         "is een pipe die door niets gelezen wordt (start eerst het programma dat leest)",
         "est un tube que rien ne lit (lancez d'abord le programme qui le lit)"},
    [M_OUTPUT_SPECIAL] =
        {"is a block device or a socket (a report goes to a file, a terminal, a "
         "character device or a pipe)",
         "is een blokapparaat of een socket (een rapport gaat naar een bestand, een "
         "terminal, een tekenapparaat of een pipe)",
         "est un périphérique bloc ou une socket (un rapport va dans un fichier, un "
         "terminal, un périphérique caractère ou un tube)"},
    [M_RULES_ALREADY_LOADED] =
        {"rule sets are already loaded: set rule options first",
         "regelsets zijn al geladen: geef regelopties eerst op",
         "les jeux de règles sont déjà chargés : donnez d'abord les options de règles"},
    [M_RULE_FAILED] = {"rule set %s, rule %s: %s", "regelset %s, regel %s: %s",
                       "jeu de règles %s, règle %s : %s"},
    [M_SCHEMA_INVALID_PERSON] = {"does not match the person profile schema",
                                 "komt niet overeen met het schema voor persoonsprofielen",
                                 "ne correspond pas au schéma des profils de personne"},
    [M_SCHEMA_INVALID] = {"does not match the job profile schema",
                          "komt niet overeen met het schema voor functieprofielen",
                          "ne correspond pas au schéma des profils de poste"},
    [M_SCHEMA_UNUSABLE] = {"the schema could not be loaded", "het schema kon niet geladen worden",
                           "le schéma n'a pas pu être chargé"},
    [M_TOO_BIG] = {"file too large (at most %u MiB)", "bestand te groot (hoogstens %u MiB)",
                   "fichier trop grand (au plus %u Mio)"},
    [M_UNKNOWN_KIND] = {"unknown adaptation kind '%s' (expected one of: %s)",
                        "onbekende aanpassingssoort '%s' (verwacht een van: %s)",
                        "type d'aménagement inconnu '%s' (attendu l'un de : %s)"},
    [M_XML_DOCTYPE] =
        {"a DOCTYPE is not allowed in a profile (no DTDs, no entities)",
         "een DOCTYPE is niet toegestaan in een profiel (geen DTD's, geen entiteiten)",
         "un DOCTYPE n'est pas permis dans un profil (ni DTD, ni entités)"},
    [M_XML_IS_JOB] = {"this is a job profile (<job xmlns=\"urn:capamatch:job:1\">), not a "
                      "person profile: give it as JOB",
                      "dit is een functieprofiel (<job xmlns=\"urn:capamatch:job:1\">), geen "
                      "persoonsprofiel: geef het als FUNCTIE",
                      "ceci est un profil de poste (<job xmlns=\"urn:capamatch:job:1\">), pas un "
                      "profil de personne : donnez-le comme POSTE"},
    [M_XML_IS_PERSON] = {"this is a person profile (<person xmlns=\"urn:capamatch:person:1\">), "
                         "not a job profile: give it as PERSON",
                         "dit is een persoonsprofiel (<person "
                         "xmlns=\"urn:capamatch:person:1\">), geen functieprofiel: geef het als "
                         "PERSOON",
                         "ceci est un profil de personne (<person "
                         "xmlns=\"urn:capamatch:person:1\">), pas un profil de poste : "
                         "donnez-le comme PERSONNE"},
    [M_PERSON_CODE_TWICE] = {"ICF code %s is given twice (the first is on line %d)",
                             "ICF-code %s staat er twee keer (de eerste staat op regel %d)",
                             "le code CIF %s figure deux fois (le premier est à la ligne %d)"},
    [M_PERSON_CAPACITY_TWICE] =
        {"capacity %s at frequency %s is given twice (the first is on line %d)",
         "capaciteit %s bij frequentie %s staat er twee keer (de eerste staat op regel %d)",
         "la capacité %s à la fréquence %s figure deux fois (la première est à la ligne %d)"},
    [M_PERSON_CAPACITY_ABOVE] =
        {"capacity %s at frequency %s (%.15g %s) is above the one at frequency %s (%.15g %s, "
         "line %d): a figure at a higher rate cannot exceed one at a lower rate",
         "capaciteit %s bij frequentie %s (%.15g %s) ligt hoger dan die bij frequentie %s "
         "(%.15g %s, regel %d): bij een hogere frequentie kan de waarde niet hoger zijn dan "
         "bij een lagere",
         "la capacité %s à la fréquence %s (%.15g %s) dépasse celle à la fréquence %s "
         "(%.15g %s, ligne %d) : à une fréquence plus élevée, la valeur ne peut pas être "
         "supérieure à celle d'une fréquence plus basse"},
    [M_PERSON_CAPACITY_BELOW] =
        {"capacity %s at frequency %s (%.15g %s) is below the one at frequency %s (%.15g %s, "
         "line %d): a figure at a higher rate cannot exceed one at a lower rate",
         "capaciteit %s bij frequentie %s (%.15g %s) ligt lager dan die bij frequentie %s "
         "(%.15g %s, regel %d): bij een hogere frequentie kan de waarde niet hoger zijn dan "
         "bij een lagere",
         "la capacité %s à la fréquence %s (%.15g %s) est inférieure à celle à la fréquence %s "
         "(%.15g %s, ligne %d) : à une fréquence plus élevée, la valeur ne peut pas être "
         "supérieure à celle d'une fréquence plus basse"},
    [M_PERSON_SCREENING_TWICE] =
        {"instrument %s is given twice (the first is on line %d)",
         "instrument %s staat er twee keer (het eerste staat op regel %d)",
         "l'instrument %s figure deux fois (le premier est à la ligne %d)"},
    [M_PERSON_CAPACITY_UNIT] = {"capacity %s is measured in %s, not in %s",
                                "capaciteit %s wordt gemeten in %s, niet in %s",
                                "la capacité %s se mesure en %s, pas en %s"},
    [M_PERSON_CAPACITY_NO_VALUE] = {"capacity %s needs %s=\"...\" (the measured value)",
                                    "capaciteit %s vraagt %s=\"...\" (de gemeten waarde)",
                                    "la capacité %s demande %s=\"...\" (la valeur mesurée)"},
    [M_PERSON_SCORE_RANGE] =
        {"score=\"%s\" is out of range for %s (expected a number from %.15g to %.15g)",
         "score=\"%s\" ligt buiten het bereik van %s (verwacht: een getal van %.15g tot %.15g)",
         "score=\"%s\" est hors limites pour %s (attendu : un nombre de %.15g à %.15g)"},
    [M_PERSON_DATE_RANGE] =
        {"date=\"%s\" is not a date (expected YYYY-MM-DD, from 1900-01-01 to 2199-12-31)",
         "date=\"%s\" is geen datum (verwacht: JJJJ-MM-DD, van 1900-01-01 tot 2199-12-31)",
         "date=\"%s\" n'est pas une date (attendu : AAAA-MM-JJ, du 1900-01-01 au 2199-12-31)"},
    [M_MATCH_DATE] =
        {"assessment date '%s': expected YYYY-MM-DD, a real date from 1900 to 2199",
         "beoordelingsdatum '%s': verwacht JJJJ-MM-DD, een echte datum van 1900 tot 2199",
         "date d'évaluation '%s' : attendu AAAA-MM-JJ, une vraie date de 1900 à 2199"},
    [M_BRIEF_REPORT] =
        {"a brief assessment (rank) has no texts: only its JSON line can be made",
         "een beknopte beoordeling (rank) heeft geen teksten: alleen haar JSON-regel kan gemaakt "
         "worden",
         "une évaluation brève (rank) n'a pas de textes : seule sa ligne JSON peut être produite"},
    [M_PERSON_NOT_A_PERSON] = {"%s: not a person profile", "%s: geen persoonsprofiel",
                               "%s : pas un profil de personne"},
    [M_XML_MALFORMED] = {"not well-formed XML", "geen welgevormde XML", "XML mal formé"},
    [M_XML_TOO_MANY] = {"too many errors; the rest of this file is not reported",
                        "te veel fouten; de rest van dit bestand wordt niet gemeld",
                        "trop d'erreurs ; la suite de ce fichier n'est pas signalée"},
    [M_XML_ENCODING] = {"not UTF-8 (found %s): save the profile as UTF-8",
                        "geen UTF-8 (gevonden: %s): sla het profiel op als UTF-8",
                        "pas en UTF-8 (trouvé : %s) : enregistrez le profil en UTF-8"},
    [M_XML_BAD_UTF8] = {"not valid UTF-8 (byte 0x%02X): save the profile as UTF-8",
                        "geen geldige UTF-8 (byte 0x%02X): sla het profiel op als UTF-8",
                        "UTF-8 non valide (octet 0x%02X) : enregistrez le profil en UTF-8"},
    [M_XML_BAD_CHAR] = {"character U+%04X is not allowed in XML",
                        "teken U+%04X is niet toegestaan in XML",
                        "le caractère U+%04X n'est pas permis en XML"},
    [M_XML_ATTRS] = {"<%s> has too many attributes (at most %d)",
                     "<%s> heeft te veel attributen (hoogstens %d)",
                     "<%s> a trop d'attributs (au plus %d)"},
    [M_XML_SECTION] =
        {"comment, processing instruction or CDATA section too long (at most %d KiB)",
         "commentaar, verwerkingsinstructie of CDATA-sectie te lang (hoogstens %d KiB)",
         "commentaire, instruction de traitement ou section CDATA trop long (au plus %d Kio)"},
    [M_XML_ELEMENTS] = {"too many elements (at most %d in a profile)",
                        "te veel elementen (hoogstens %d in een profiel)",
                        "trop d'éléments (au plus %d dans un profil)"},
    [M_XML_DEPTH] = {"elements nested too deep (at most %d levels)",
                     "elementen te diep genest (hoogstens %d niveaus)",
                     "éléments imbriqués trop profondément (au plus %d niveaux)"},
    [M_XML_CHILDREN] = {"too many <%s> in <%s> (at most %d)", "te veel <%s> in <%s> (hoogstens %d)",
                        "trop de <%s> dans <%s> (au plus %d)"},
    [M_XML_ELEMENTS_IN] = {"too many elements in <%s> (at most %d)",
                           "te veel elementen in <%s> (hoogstens %d)",
                           "trop d'éléments dans <%s> (au plus %d)"},

    [M_XML_ELEMENTS_ALL] = {"too many elements inside the <%s> elements (at most %d in all)",
                            "te veel elementen in de <%s>-elementen (hoogstens %d in totaal)",
                            "trop d'éléments dans les éléments <%s> (au plus %d en tout)"},

    [M_XSD_NOT_NUMBER] = {"%s=\"%s\" is not a number (expected %s)",
                          "%s=\"%s\" is geen getal (verwacht: %s)",
                          "%s=\"%s\" n'est pas un nombre (attendu : %s)"},
    [M_XSD_DECIMAL_COMMA] = {"%s=\"%s\" is not a number: use a point: %s",
                             "%s=\"%s\" is geen getal: gebruik een punt: %s",
                             "%s=\"%s\" n'est pas un nombre : utilisez un point : %s"},
    [M_XSD_DIGITS] = {"%s=\"%s\" has too many digits (expected at most %d significant digits)",
                      "%s=\"%s\" heeft te veel cijfers (verwacht: hoogstens %d beduidende cijfers)",
                      "%s=\"%s\" a trop de chiffres (attendu : au plus %d chiffres significatifs)"},
    [M_XSD_NOT_WHOLE] = {"%s=\"%s\" is not a whole number (expected %s)",
                         "%s=\"%s\" is geen geheel getal (verwacht: %s)",
                         "%s=\"%s\" n'est pas un nombre entier (attendu : %s)"},
    [M_XSD_OUT_OF_RANGE] = {"%s=\"%s\" is out of range (expected %s)",
                            "%s=\"%s\" ligt buiten het bereik (verwacht: %s)",
                            "%s=\"%s\" est hors limites (attendu : %s)"},
    [M_XSD_DECIMAL] = {"a decimal number such as 7.6, without an exponent",
                       "een decimaal getal zoals 7.6, zonder exponent",
                       "un nombre décimal comme 7.6, sans exposant"},
    [M_XSD_NUMBER_FROM_TO] = {"a number from %s to %s", "een getal van %s tot %s",
                              "un nombre de %s à %s"},
    [M_XSD_WHOLE] = {"a whole number", "een geheel getal", "un nombre entier"},
    [M_XSD_WHOLE_FROM] = {"a whole number from %s up", "een geheel getal vanaf %s",
                          "un nombre entier à partir de %s"},
    [M_XSD_WHOLE_FROM_TO] = {"a whole number from %s to %s", "een geheel getal van %s tot %s",
                             "un nombre entier de %s à %s"},
    [M_XSD_ENUM] = {"%s=\"%s\" is not an accepted value (expected one of: %s)",
                    "%s=\"%s\" is geen aanvaarde waarde (verwacht een van: %s)",
                    "%s=\"%s\" n'est pas une valeur acceptée (attendu l'une de : %s)"},
    [M_XSD_ID] = {"%s=\"%s\" is not an id (expected 1 to 64 letters a-z or A-Z, digits, '.', '_' "
                  "or '-', starting with a letter or digit)",
                  "%s=\"%s\" is geen id (verwacht: 1 tot 64 letters a-z of A-Z, cijfers, '.', '_' "
                  "of '-', beginnend met een letter of cijfer)",
                  "%s=\"%s\" n'est pas un identifiant (attendu : 1 à 64 lettres a-z ou A-Z, "
                  "chiffres, '.', '_' ou '-', commençant par une lettre ou un chiffre)"},
    [M_XSD_ICF] = {"%s=\"%s\" is not an ICF code (expected b, s, d, e, a or p and 1 to 6 digits, "
                   "such as d4300)",
                   "%s=\"%s\" is geen ICF-code (verwacht: b, s, d, e, a of p en 1 tot 6 cijfers, "
                   "zoals d4300)",
                   "%s=\"%s\" n'est pas un code CIF (attendu : b, s, d, e, a ou p et 1 à 6 "
                   "chiffres, comme d4300)"},
    [M_XSD_ISCO] = {"%s=\"%s\" is not an ISCO-08 code (expected 1 to 4 digits, such as 9333)",
                    "%s=\"%s\" is geen ISCO-08-code (verwacht: 1 tot 4 cijfers, zoals 9333)",
                    "%s=\"%s\" n'est pas un code CITP-08 (attendu : 1 à 4 chiffres, comme 9333)"},
    [M_XSD_PATTERN] = {"%s=\"%s\" does not have the expected form (pattern %s)",
                       "%s=\"%s\" heeft niet de verwachte vorm (patroon %s)",
                       "%s=\"%s\" n'a pas la forme attendue (motif %s)"},
    [M_XSD_NEEDS_ATTR] = {"<%s> needs the attribute %s", "<%s> vereist het attribuut %s",
                          "<%s> exige l'attribut %s"},
    [M_XSD_NO_ATTR] = {"<%s> takes no attribute '%s' (it takes: %s)",
                       "<%s> kent geen attribuut '%s' (wel: %s)",
                       "<%s> ne prend pas l'attribut '%s' (il prend : %s)"},
    [M_XSD_NO_ATTRS] = {"<%s> takes no attributes ('%s' is not allowed)",
                        "<%s> kent geen attributen ('%s' is niet toegestaan)",
                        "<%s> ne prend pas d'attributs ('%s' n'est pas permis)"},
    [M_XSD_ANY_LOCAL] = {"any attribute without a prefix", "elk attribuut zonder prefix",
                         "tout attribut sans préfixe"},
    [M_XSD_ANY_NS] = {"attributes of the namespace %s", "attributen van de naamruimte %s",
                      "des attributs de l'espace de noms %s"},
    [M_XSD_MISPLACED] = {"<%s> does not belong directly in <%s>: it goes inside %s",
                         "<%s> hoort niet rechtstreeks in <%s>: het hoort in %s",
                         "<%s> ne se place pas directement dans <%s> : il se place dans %s"},
    [M_XSD_ONLY_ROOT] = {"<%s> is the root element: it cannot go inside <%s>",
                         "<%s> is het hoofdelement: het kan niet in <%s> staan",
                         "<%s> est l'élément racine : il ne peut pas se placer dans <%s>"},
    [M_XSD_UNKNOWN_PERSON] =
        {"<%s> is not an element of a person profile (expected in <%s>: %s)",
         "<%s> is geen element van een persoonsprofiel (verwacht in <%s>: %s)",
         "<%s> n'est pas un élément d'un profil de personne (attendu dans <%s> : %s)"},
    [M_XSD_UNKNOWN_LEAF_PERSON] =
        {"<%s> is not an element of a person profile (<%s> holds no elements)",
         "<%s> is geen element van een persoonsprofiel (<%s> bevat geen elementen)",
         "<%s> n'est pas un élément d'un profil de personne (<%s> ne contient pas d'éléments)"},
    [M_XSD_UNKNOWN] = {"<%s> is not an element of a job profile (expected in <%s>: %s)",
                       "<%s> is geen element van een functieprofiel (verwacht in <%s>: %s)",
                       "<%s> n'est pas un élément d'un profil de poste (attendu dans <%s> : %s)"},
    [M_XSD_UNKNOWN_LEAF] =
        {"<%s> is not an element of a job profile (<%s> holds no elements)",
         "<%s> is geen element van een functieprofiel (<%s> bevat geen elementen)",
         "<%s> n'est pas un élément d'un profil de poste (<%s> ne contient pas d'éléments)"},
    [M_XSD_NOT_HERE] = {"<%s> is not expected at this place in <%s>",
                        "<%s> wordt op deze plaats in <%s> niet verwacht",
                        "<%s> n'est pas attendu à cette place dans <%s>"},
    [M_XSD_NOT_HERE_EXPECTED] = {"<%s> is not expected at this place in <%s> (expected: %s)",
                                 "<%s> wordt op deze plaats in <%s> niet verwacht (verwacht: %s)",
                                 "<%s> n'est pas attendu à cette place dans <%s> (attendu : %s)"},
    [M_XSD_MISSING_CHILD] = {"<%s> lacks an element (expected: %s)",
                             "in <%s> ontbreekt een element (verwacht: %s)",
                             "il manque un élément dans <%s> (attendu : %s)"},
    [M_XSD_NO_TEXT] = {"<%s> holds no text (found \"%s\")",
                       "<%s> bevat geen tekst (gevonden: \"%s\")",
                       "<%s> ne contient pas de texte (trouvé : \"%s\")"},
    [M_XSD_EMPTY] = {"<%s> holds nothing, not even spaces or line breaks (write <%s .../>)",
                     "<%s> bevat niets, ook geen spaties of regeleinden (schrijf <%s .../>)",
                     "<%s> ne contient rien, pas même des espaces ou des retours à la ligne "
                     "(écrivez <%s .../>)"},
    [M_XSD_TEXT_ONLY] = {"<%s> holds text only, no elements (found <%s>)",
                         "<%s> bevat alleen tekst, geen elementen (gevonden: <%s>)",
                         "<%s> ne contient que du texte, pas d'éléments (trouvé : <%s>)"},
    [M_XSD_WRONG_NS] = {"<%s> is in the namespace '%s' (expected %s)",
                        "<%s> staat in de naamruimte '%s' (verwacht: %s)",
                        "<%s> est dans l'espace de noms '%s' (attendu : %s)"},
    [M_XSD_NO_NS] = {"<%s> has no namespace (expected %s)",
                     "<%s> heeft geen naamruimte (verwacht: %s)",
                     "<%s> n'a pas d'espace de noms (attendu : %s)"},
    [M_XSD_ROOT] = {"expected <%s xmlns=\"%s\"> as the root element (found %s)",
                    "verwacht: <%s xmlns=\"%s\"> als hoofdelement (gevonden: %s)",
                    "attendu : <%s xmlns=\"%s\"> comme élément racine (trouvé : %s)"},
    [M_OR] = {" or ", " of ", " ou "},

    [R_HEADING] = {"capamatch check: %s", "capamatch-controle: %s", "contrôle capamatch : %s"},
    [R_HEADING_MATCH] = {"capamatch match: %s", "capamatch-matching: %s",
                         "appariement capamatch : %s"},
    [R_PERSON] = {"Person", "Persoon", "Personne"},
    [R_DIAGNOSIS] = {"Diagnosis", "Diagnose", "Diagnostic"},
    [R_CAPACITIES] = {"Capacities", "Capaciteiten", "Capacités"},
    [R_SCREENING] = {"Screening", "Screening", "Dépistage"},
    [R_RESTING] = {"Resting HR", "Rusthartslag", "FC de repos"},
    [R_RETURN] = {"Return to work", "Werkhervatting", "Reprise du travail"},
    [R_DATE_FROM_PROFILE] = {"from the person profile", "uit het persoonsprofiel",
                             "d'après le profil de la personne"},
    [R_DATE_TODAY] = {"today: the person profile records none",
                      "vandaag: het persoonsprofiel vermeldt er geen",
                      "aujourd'hui : le profil de la personne n'en indique pas"},
    [R_WINDOW_IN] = {"%s applies: window %s to %s; re-evaluation due %s",
                     "%s is van toepassing: venster %s tot en met %s; herbeoordeling op %s",
                     "%s s'applique : fenêtre du %s au %s ; réévaluation le %s"},
    [R_WINDOW_AFTER] = {"%s not applied: the assessment is after its window (%s to %s; "
                        "re-evaluation was due %s)",
                        "%s niet toegepast: de beoordeling valt na het venster (%s tot en met "
                        "%s; herbeoordeling was op %s)",
                        "%s non appliqué : l'évaluation est après sa fenêtre (du %s au %s ; "
                        "réévaluation prévue le %s)"},
    [R_WINDOW_NO_RETURN] = {"%s not applied: the person profile records no return to work",
                            "%s niet toegepast: het persoonsprofiel vermeldt geen werkhervatting",
                            "%s non appliqué : le profil de la personne n'indique pas de reprise"},
    [R_ADVICE] = {"Advice (never part of the verdict)", "Advies (nooit deel van het oordeel)",
                  "Conseils (jamais partie du verdict)"},
    [R_WITHHELD] = {"a capacity limit: the medical report holds the details",
                    "een capaciteitsgrens: het medisch verslag bevat de details",
                    "une limite de capacité : le rapport médical en donne le détail"},
    [R_WITHHELD_NA] = {"not judged for this person: the medical report says why",
                       "niet beoordeeld voor deze persoon: het medisch verslag zegt waarom",
                       "non évalué pour cette personne : le rapport médical dit pourquoi"},
    [R_EMPLOYER_VIEW] = {"Employer view: functional limits and adaptations only; no diagnosis, "
                         "ICF code, body-function finding or screening score is shown.",
                         "Werkgeversweergave: alleen functionele grenzen en aanpassingen; geen "
                         "diagnose, ICF-code, bevinding over lichaamsfuncties of screeningscore.",
                         "Vue employeur : limites fonctionnelles et aménagements seulement ; ni "
                         "diagnostic, ni code CIF, ni constat sur les fonctions organiques, ni "
                         "score de dépistage."},
    [R_EMP_SET_WINDOW] = {"return-to-work limits", "grenzen bij werkhervatting",
                          "limites de la reprise du travail"},
    [R_EMP_SET_MEDICAL] = {"the person's functional limits", "functionele grenzen van de persoon",
                           "limites fonctionnelles de la personne"},
    [R_EMP_SET_JOB] = {"workplace limits", "grenzen van de werkplek", "limites du poste"},
    [R_EMP_WINDOW_IN] = {"the return-to-work limits apply: window %s to %s; re-evaluation due %s",
                         "de grenzen bij werkhervatting gelden: venster %s tot en met %s; "
                         "herbeoordeling op %s",
                         "les limites de la reprise du travail s'appliquent : fenêtre du %s au "
                         "%s ; réévaluation le %s"},
    [R_EMP_WINDOW_AFTER] = {"the return-to-work limits no longer apply: the assessment is after "
                            "their window (%s to %s; re-evaluation was due %s)",
                            "de grenzen bij werkhervatting gelden niet meer: de beoordeling valt "
                            "na hun venster (%s tot en met %s; herbeoordeling was op %s)",
                            "les limites de la reprise du travail ne s'appliquent plus : "
                            "l'évaluation est après leur fenêtre (du %s au %s ; réévaluation "
                            "prévue le %s)"},
    [R_EMP_WINDOW_NO_RETURN] = {"the return-to-work limits are not applied: no return to work "
                                "is recorded",
                                "de grenzen bij werkhervatting zijn niet toegepast: er is geen "
                                "werkhervatting vastgelegd",
                                "les limites de la reprise du travail ne sont pas appliquées : "
                                "aucune reprise n'est enregistrée"},
    [R_EMP_NOT_RUN] = {"could not be assessed: the medical report says why",
                       "kon niet beoordeeld worden: het medisch verslag zegt waarom",
                       "n'a pas pu être évalué : le rapport médical dit pourquoi"},
    [R_EMP_SEARCH_FAILED] = {"The search is incomplete: with %s applied a rule set could not "
                             "run; the medical report says why",
                             "De zoektocht is onvolledig: met %s toegepast kon een regelset niet "
                             "lopen; het medisch verslag zegt waarom",
                             "La recherche est incomplète : avec %s appliqué, un jeu de règles "
                             "n'a pas pu s'exécuter ; le rapport médical dit pourquoi"},
    [R_EMP_WITHIN] = {"%s%s: within what the person can do now",
                      "%s%s: binnen wat de persoon nu aankan",
                      "%s%s : dans ce que la personne peut faire maintenant"},
    [R_EMP_EXCEEDS] = {"%s%s: beyond what the person can do now",
                       "%s%s: meer dan wat de persoon nu aankan",
                       "%s%s : au-delà de ce que la personne peut faire maintenant"},
    [R_EMP_UNKNOWN] = {"%s%s: not known yet (more data needed)",
                       "%s%s: nog niet bekend (meer gegevens nodig)",
                       "%s%s : pas encore connu (données à compléter)"},
    [R_EMP_NOT_APPLICABLE] = {"%s%s: not judged for this person",
                              "%s%s: niet beoordeeld voor deze persoon",
                              "%s%s : non évalué pour cette personne"},
    [R_EMP_MEASURED] = {"; measured capacity %s", "; gemeten capaciteit %s",
                        " ; capacité mesurée %s"},
    [R_DIM_LIFTING] = {"lifting and putting down loads", "tillen en neerzetten van lasten",
                       "soulever et déposer des charges"},
    [R_DIM_LIFTING_CARRYING] = {"lifting and carrying loads", "tillen en dragen van lasten",
                                "soulever et porter des charges"},
    [R_DIM_CARRYING] = {"carrying loads", "lasten dragen", "porter des charges"},
    [R_DIM_PUSHING_PULLING] = {"pushing and pulling", "duwen en trekken", "pousser et tirer"},
    [R_DIM_HAND_ARM] = {"use of hands and arms", "gebruik van handen en armen",
                        "usage des mains et des bras"},
    [R_DIM_FINE_HAND] = {"fine hand work", "fijn handwerk", "travail manuel fin"},
    [R_DIM_BODY_POSITION] = {"changing body position", "van houding veranderen",
                             "changer de position"},
    [R_DIM_BENDING] = {"bending", "bukken", "se pencher"},
    [R_DIM_POSTURE] = {"keeping one posture", "een houding aanhouden", "garder une position"},
    [R_DIM_STANDING] = {"standing for long", "lang staan", "rester debout longtemps"},
    [R_DIM_SITTING] = {"sitting for long", "lang zitten", "rester assis longtemps"},
    [R_DIM_WALKING] = {"walking and moving around", "stappen en zich verplaatsen",
                       "marcher et se déplacer"},
    [R_DIM_HEAVY_WORK] = {"heavy physical work", "zwaar lichamelijk werk",
                          "travail physique lourd"},
    [R_DIM_PACE_STRESS] = {"work pace and stress", "werktempo en stress",
                           "rythme de travail et stress"},
    [R_DIM_OTHER] = {"a functional demand of the job", "een functionele eis van de functie",
                     "une exigence fonctionnelle du poste"},
    [R_PROFILE] = {"Profile", "Profiel", "Profil"},
    [R_ASSESSED] = {"Assessed on", "Beoordeeld op", "Évalué le"},
    [R_AGE] = {"Age", "Leeftijd", "Âge"},
    [R_AGE_UNKNOWN] = {"not given", "niet opgegeven", "non fourni"},
    [R_RULESETS] = {"Rule sets", "Regelsets", "Jeux de règles"},
    [R_TASKS] = {"Tasks", "Taken", "Tâches"},
    [R_VALID_FROM] = {"valid from", "geldig vanaf", "valable depuis"},
    [R_COL_RULE] = {"rule", "regel", "règle"},
    [R_COL_TASK] = {"task", "taak", "tâche"},
    [R_COL_VALUE] = {"value", "waarde", "valeur"},
    [R_COL_LIMIT] = {"limit", "grens", "limite"},
    [R_COL_STATUS] = {"status", "status", "statut"},
    [R_COL_MARGIN] = {"margin", "marge", "marge"},
    [R_ST_WITHIN] = {"within", "binnen", "respecté"},
    [R_ST_EXCEEDS] = {"EXCEEDS", "OVERSCHREDEN", "DÉPASSÉ"},
    [R_ST_UNKNOWN] = {"unknown", "onbekend", "inconnu"},
    [R_ST_NOT_APPLICABLE] = {"n/a", "n.v.t.", "s.o."},
    [R_ST_FLAGGED] = {"FLAGGED", "VLAG", "SIGNALÉ"},
    [R_ST_NO_FLAG] = {"no flag", "geen vlag", "pas de signal"},
    [R_ST_MET] = {"met", "voldaan", "conforme"},
    [R_ST_NOT_MET] = {"NOT MET", "NIET VOLDAAN", "NON CONFORME"},
    [R_PARAMS] = {"Readings and parameters in force", "Gebruikte interpretaties en parameters",
                  "Interprétations et paramètres appliqués"},
    [R_OVERRIDDEN] = {"set by the user", "door de gebruiker ingesteld", "fixé par l'utilisateur"},
    [R_DEPARTS] = {"set by the user; departs from the published frame: %s",
                   "door de gebruiker ingesteld; wijkt af van het gepubliceerde kader: %s",
                   "fixé par l'utilisateur ; s'écarte du cadre publié : %s"},
    [R_DEPARTURES] = {"This verdict applies limits that depart from the published frame: %s",
                      "Dit besluit past grenzen toe die afwijken van het gepubliceerde kader: %s",
                      "Cette conclusion applique des limites qui s'écartent du cadre publié : %s"},
    [R_INSTEAD_OF] = {"%s instead of %s", "%s in plaats van %s", "%s au lieu de %s"},
    [R_NOT_RUN] = {"DID NOT RUN: %s", "NIET UITGEVOERD: %s", "NON EXÉCUTÉ : %s"},
    [R_SETS] = {"Minimal adaptation sets, cheapest first",
                "Minimale sets aanpassingen, goedkoopste eerst",
                "Ensembles minimaux d'aménagements, du moins cher au plus cher"},
    [R_NO_SETS_NEEDED] = {"No adaptation needed.", "Geen aanpassing nodig.",
                          "Aucun aménagement nécessaire."},
    [R_NO_SETS] =
        {"No combination of the offered adaptations fixes a limit that is exceeded.",
         "Geen combinatie van de aangeboden aanpassingen verhelpt een overschreden grens.",
         "Aucune combinaison des aménagements proposés ne corrige une limite dépassée."},
    [R_NONE_OFFERED] = {"The profile offers no adaptations.",
                        "Het profiel biedt geen aanpassingen aan.",
                        "Le profil ne propose aucun aménagement."},
    [R_MORE_SETS] =
        {"%.0f minimal sets in all; the %d cheapest are shown (--max-sets).",
         "%.0f minimale sets in totaal; de %d goedkoopste worden getoond (--max-sets).",
         "%.0f ensembles minimaux au total ; les %d moins chers sont affichés (--max-sets)."},
    [R_SET_HOURS] = {"tasks after this set: %s h a day (before: %s h)",
                     "taken na deze set: %s u per dag (vooraf: %s u)",
                     "tâches après cet ensemble : %s h par jour (avant : %s h)"},
    [R_UNRESOLVED] = {"Exceeded, and no offered adaptation fixes it",
                      "Overschreden, en geen aangeboden aanpassing verhelpt het",
                      "Dépassé, et aucun aménagement proposé ne le corrige"},
    [R_UNSEARCHED] =
        {"Not searched: %d offered adaptations act on these together, more than the limit of %d "
         "(--max-group)",
         "Niet doorzocht: %d aangeboden aanpassingen werken hier samen op in, meer dan de grens "
         "van %d (--max-group)",
         "Non exploré : %d aménagements proposés agissent ensemble sur ces points, plus que la "
         "limite de %d (--max-group)"},
    [R_REJECTED] =
        {"%d combined set(s) failed the final check and are not shown.",
         "%d gecombineerde set(s) faalden bij de eindcontrole en worden niet getoond.",
         "%d ensemble(s) combiné(s) ont échoué au contrôle final et ne sont pas affichés."},
    [R_VERDICT] = {"Verdict", "Besluit", "Conclusion"},
    [R_COLON] = {":", ":", " :"}, /* French sets a space before it */
    [R_V_FEASIBLE] = {"feasible", "haalbaar", "faisable"},
    [R_V_WITH_ADAPTATIONS] = {"feasible with adaptations", "haalbaar met aanpassingen",
                              "faisable avec aménagements"},
    [R_V_NOT_FEASIBLE] = {"not feasible", "niet haalbaar", "non faisable"},
    [R_V_INCOMPLETE] = {"incomplete", "onvolledig", "incomplet"},
    [R_WHY_NOT_FEASIBLE] = {"limits are exceeded that no offered adaptation fixes",
                            "er zijn grenzen overschreden die geen aangeboden aanpassing verhelpt",
                            "des limites sont dépassées qu'aucun aménagement proposé ne corrige"},
    [R_WHY_INCOMPLETE_UNKNOWN] = {"data is missing for: %s", "gegevens ontbreken voor: %s",
                                  "données manquantes pour : %s"},
    [R_WHY_INCOMPLETE_NOT_RUN] = {"a rule set did not run", "een regelset werd niet uitgevoerd",
                                  "un jeu de règles n'a pas été exécuté"},
    [R_WHY_INCOMPLETE_UNSEARCHED] = {"the adaptation search was not complete",
                                     "de zoektocht naar aanpassingen was niet volledig",
                                     "la recherche d'aménagements n'a pas été complète"},
    [R_WHY_INCOMPLETE_SEARCH] = {"a rule set failed during the adaptation search",
                                 "een regelset faalde tijdens de zoektocht naar aanpassingen",
                                 "un jeu de règles a échoué pendant la recherche d'aménagements"},
    [R_SEARCH_FAILED] = {"The search is incomplete: with %s applied, %s",
                         "De zoektocht is onvolledig: met %s toegepast, %s",
                         "La recherche est incomplète : avec %s appliqué(s), %s"},
    /* the text report lists the sets above its verdict, the HTML report
     * below: the reason names no place */
    [R_WHY_WITH_ADAPTATIONS] = {"an adaptation set of this report fixes every exceeded limit",
                                "een set aanpassingen uit dit verslag verhelpt elke overschreden "
                                "grens",
                                "un ensemble d'aménagements de ce rapport lève chaque limite "
                                "dépassée"},
    [R_WHY_FEASIBLE] = {"every limit is respected", "elke grens wordt gerespecteerd",
                        "chaque limite est respectée"},
    [R_YES] = {"yes", "ja", "oui"},
    [R_NO] = {"no", "nee", "non"},
    [R_NOTE] = {"The tool assists; the professional decides.",
                "Het hulpmiddel ondersteunt; de professional beslist.",
                "L'outil assiste ; le professionnel décide."},
    [R_ENGINE] = {"Engine", "Software", "Moteur"},
    [R_REPRO] =
        {"Reproducibility (the same inputs, rule files and --date give this report again)",
         "Reproduceerbaarheid (dezelfde invoer, regelbestanden en --date geven dit verslag "
         "opnieuw)",
         "Reproductibilité (les mêmes entrées, fichiers de règles et --date redonnent ce rapport)"},
    [H_CHART] = {"Limits at a glance", "Grenzen in één oogopslag", "Limites en un coup d'œil"},
    [H_CHART_NOTE] =
        {"Each figure as a share of its limit (the dashed line): grey as the job is, "
         "below it with the cheapest adaptation set (green within, red past the "
         "limit).",
         "Elke waarde als deel van haar grens (de stippellijn): grijs zoals de functie "
         "is, eronder met de goedkoopste set aanpassingen (groen binnen, rood voorbij "
         "de grens).",
         "Chaque valeur en part de sa limite (la ligne pointillée) : en gris le poste "
         "tel quel, en dessous avec l'ensemble d'aménagements le moins cher (vert "
         "dans la limite, rouge au-delà)."},
    [H_CHART_NOTE_BASE] = {"Each figure as a share of its limit (the dashed line), as the job is.",
                           "Elke waarde als deel van haar grens (de stippellijn), zoals de "
                           "functie is.",
                           "Chaque valeur en part de sa limite (la ligne pointillée), poste tel "
                           "quel."},
    [H_CHART_LIMIT] = {"limit", "grens", "limite"},
    [H_CHART_GONE] = {"no longer applies with the set", "vervalt met de set",
                      "disparaît avec l'ensemble"},
    [H_FINDINGS] = {"Findings", "Bevindingen", "Constats"},
    [H_ADAPTATION] = {"adaptation", "aanpassing", "aménagement"},
    [H_RESOLVES] = {"resolves (exceeded again without it)",
                    "lost op (zonder deze aanpassing weer overschreden)",
                    "résout (de nouveau dépassé sans cet aménagement)"},
    [H_TOGETHER] = {"nothing alone: it works together with the others",
                    "lost alleen niets op: werkt samen met de andere aanpassingen",
                    "ne résout rien seul : agit avec les autres aménagements"},
    [H_SOURCES] = {"Sources of the rule sets", "Bronnen van de regelsets",
                   "Sources des jeux de règles"},
    [H_CONTRIBUTIONS] = {"the score's parts (weight × ratio)",
                         "delen van de score (gewicht × verhouding)",
                         "parts du score (poids × rapport)"},
    [R_REPRO_JOB] = {"job profile", "functieprofiel", "profil de poste"},
    [R_REPRO_JOBS] = {"%zu, each named with its SHA-256 in its line of the ranking",
                      "%zu, elk met zijn SHA-256 in zijn regel van de rangschikking",
                      "%zu, chacun avec son SHA-256 dans sa ligne du classement"},
    [R_REPRO_PERSON] = {"person profile", "persoonsprofiel", "profil de personne"},
    [R_REPRO_RULESETS] = {"rule sets", "regelsets", "jeux de règles"},
    [R_REPRO_CATALOGUE] = {"catalogue", "catalogus", "catalogue"},
    [R_REPRO_HELPERS] = {"helpers", "hulpfuncties", "fonctions communes"},
    [R_REPRO_PARAMS] = {"parameters", "parameters", "paramètres"},
    [R_REPRO_DEFAULTS] = {"every one at its default", "alle op hun standaardwaarde",
                          "tous à leur valeur par défaut"},
    [R_REPRO_DEFAULT_WAS] = {"default %s", "standaard %s", "par défaut %s"},
    [R_REPRO_ENGINE] = {"engine", "software", "moteur"},
    [R_REPRO_ENGINE_LINE] = {"capamatch %s, assessed on %s", "capamatch %s, beoordeeld op %s",
                             "capamatch %s, évalué le %s"},

    [R_RANK_HEADING] =
        {"capamatch rank: %s against %zu job profiles, assessed on %s",
         "capamatch-rangschikking: %s tegenover %zu functieprofielen, beoordeeld op %s",
         "classement capamatch : %s face à %zu profils de poste, évalué le %s"},
    [R_RANK_SCORE] = {"score", "score", "score"},
    [R_RANK_SET] = {"cheapest set", "goedkoopste set", "ensemble le moins cher"},
    [R_RANK_UNRESOLVED] = {"unresolved", "onopgelost", "non résolu"},
    [R_RANK_COLUMNS] = {"#|job|verdict|cost|score", "#|functie|besluit|kosten|score",
                        "#|poste|verdict|coût|score"},
    [R_RANK_ORDER] = {"Order: feasible; feasible with adaptations, cheapest first; incomplete; "
                      "not feasible; within each, by score (the sum of each weighted rule's worst "
                      "ratio of demand to limit: lower is lighter for this person).",
                      "Volgorde: haalbaar; haalbaar met aanpassingen, goedkoopste eerst; "
                      "onvolledig; niet haalbaar; binnen elke groep volgens score (de som van de "
                      "slechtste verhouding eis/grens van elke gewogen regel: lager is lichter "
                      "voor deze persoon).",
                      "Ordre : faisable ; faisable avec aménagements, le moins cher d'abord ; "
                      "incomplet ; non faisable ; dans chaque groupe, par score (la somme du pire "
                      "rapport exigence/limite de chaque règle pondérée : plus bas, plus léger "
                      "pour cette personne)."},
    [R_RANK_REFUSED] =
        {"%zu job profiles refused (see the messages above): not ranked",
         "%zu functieprofielen geweigerd (zie de meldingen hierboven): niet gerangschikt",
         "%zu profils de poste refusés (voir les messages ci-dessus) : non classés"},
    [R_RANK_MORE] = {"%zu more not listed (--top %zu)", "nog %zu niet getoond (--top %zu)",
                     "%zu autres non listés (--top %zu)"},
    /* rank: said once at the top, since they depend on the person and the
     * date only, never on the job */
    [R_RANK_SETS_HEAD] = {"Rule sets of this ranking (the same for every job: they depend on "
                          "the person and the date only):",
                          "Regelsets van deze rangschikking (dezelfde voor elke functie: ze "
                          "hangen alleen af van de persoon en de datum):",
                          "Jeux de règles de ce classement (les mêmes pour chaque poste : ils ne "
                          "dépendent que de la personne et de la date) :"},
    [R_RANK_SET_JUDGED] = {"judged: decides the verdicts and the scores",
                           "oordeelt: bepaalt de oordelen en de scores",
                           "juge : décide des verdicts et des scores"},
    [R_RANK_SET_ADVICE] = {"advice only: never part of a verdict or a score",
                           "alleen advies: nooit deel van een oordeel of een score",
                           "conseil seulement : jamais partie d'un verdict ni d'un score"},
    [R_RANK_SET_OFF] = {"off: %s", "uit: %s", "désactivé : %s"},
    [R_RANK_SET_UNUSABLE] = {"off: it could not be loaded (%s)",
                             "uit: kon niet geladen worden (%s)",
                             "désactivé : il n'a pas pu être chargé (%s)"},
    [R_RANK_ONLY] = {"The jobs below were judged by %s only (off: %s): a verdict or a score "
                     "below says nothing about the limits of a rule set that is off.",
                     "De functies hieronder zijn alleen beoordeeld door %s (uit: %s): een "
                     "oordeel of een score hieronder zegt niets over de grenzen van een regelset "
                     "die uit staat.",
                     "Les postes ci-dessous n'ont été jugés que par %s (désactivé : %s) : un "
                     "verdict ou un score ci-dessous ne dit rien des limites d'un jeu de règles "
                     "désactivé."},
    [R_RANK_TIE] = {"Ties: jobs in the same group with the same cost and the same score as shown "
                    "(two decimals) share a rank, and are listed by job id, then in input order.",
                    "Gelijke stand: functies in dezelfde groep met dezelfde kosten en dezelfde "
                    "getoonde score (twee decimalen) delen een rang en staan op volgorde van "
                    "functie-id, daarna van invoer.",
                    "Ex aequo : les postes d'un même groupe, de même coût et de même score "
                    "affiché (deux décimales) partagent un rang et sont listés par identifiant "
                    "de poste, puis dans l'ordre d'entrée."},
    [R_RANK_WHY_COL] = {"why here", "waarom hier", "pourquoi ici"},
    [R_RANK_ISCO] = {"ISCO-08 %s", "ISCO-08-code %s", "CITP-08 %s"},
    /* each job's sentence: its group, its cost, then its score's parts
     * (weight × ratio, each with the figures of its worst finding) */
    [R_RANK_WHY_FEASIBLE] =
        {"Why here: feasible as it is (group 1 of 4), then by score %s.",
         "Waarom hier: haalbaar zoals de functie is (groep 1 van 4), dan volgens "
         "score %s.",
         "Pourquoi ici : faisable tel quel (groupe 1 sur 4), puis par score %s."},
    [R_RANK_WHY_ADAPT] =
        {"Why here: feasible with adaptations (group 2 of 4), the cheapest set "
         "costs %s EUR (cheapest first), then by score %s.",
         "Waarom hier: haalbaar met aanpassingen (groep 2 van 4), de goedkoopste set "
         "kost %s EUR (goedkoopste eerst), dan volgens score %s.",
         "Pourquoi ici : faisable avec aménagements (groupe 2 sur 4), l'ensemble le "
         "moins cher coûte %s EUR (le moins cher d'abord), puis par score %s."},
    [R_RANK_WHY_INCOMPLETE] =
        {"Why here: incomplete (group 3 of 4: not everything could be "
         "judged), then by score %s.",
         "Waarom hier: onvolledig (groep 3 van 4: niet alles kon beoordeeld "
         "worden), dan volgens score %s.",
         "Pourquoi ici : incomplet (groupe 3 sur 4 : tout n'a pas pu être jugé), "
         "puis par score %s."},
    [R_RANK_WHY_NOT_FEASIBLE] = {"Why here: not feasible (group 4 of 4: no adaptation set resolves "
                                 "%s), then by score %s.",
                                 "Waarom hier: niet haalbaar (groep 4 van 4: geen set aanpassingen "
                                 "lost %s op), dan volgens score %s.",
                                 "Pourquoi ici : non faisable (groupe 4 sur 4 : aucun ensemble "
                                 "d'aménagements ne résout %s), puis par score %s."},
    [R_RANK_WHY_SUM] = {"%s = weight × ratio of each rule: %s",
                        "%s = gewicht × verhouding per "
                        "regel: %s",
                        "%s = poids × rapport de chaque règle : %s"},
    [R_RANK_WHY_NONE] = {"%s: no weighted rule has a figure",
                         "%s: geen gewogen regel heeft een "
                         "cijfer",
                         "%s : aucune règle pondérée n'a de chiffre"},
    [R_RANK_WHY_LE] = {"demand %s, limit %s", "eis %s, grens %s", "exigence %s, limite %s"},
    [R_RANK_WHY_GE] = {"value %s, at least %s needed", "waarde %s, minstens %s nodig",
                       "valeur %s, au moins %s requis"},
    [R_RANK_WHY_MET] = {"met", "voldaan", "respecté"},
    [R_RANK_WHY_NOT_MET] = {"not met", "niet voldaan", "non respecté"},
    [R_RANK_WHY_CAPPED] = {"ratio capped at %s", "verhouding begrensd op %s",
                           "rapport plafonné à %s"},
    /* the worker's view: the same figures in plain words */
    [R_RANK_WHY_W_FEASIBLE] =
        {"This job is here because you can do it as it is (such jobs come "
         "first). How heavy it is for you, score %s (lower is lighter): %s.",
         "Deze functie staat hier omdat u ze kunt doen zoals ze is (zulke "
         "functies komen eerst). Hoe zwaar ze voor u is, score %s (lager is "
         "lichter): %s.",
         "Ce poste est ici parce que vous pouvez l'occuper tel quel (ces postes "
         "viennent en premier). Sa charge pour vous, score %s (plus bas, plus "
         "léger) : %s."},
    [R_RANK_WHY_W_ADAPT] =
        {"This job is here because you can do it with changes at work that cost "
         "%s EUR (jobs you can do as they are come first, then these, cheapest "
         "first). How heavy it is for you, score %s (lower is lighter): %s.",
         "Deze functie staat hier omdat u ze kunt doen met aanpassingen op het "
         "werk die %s EUR kosten (functies die u kunt doen zoals ze zijn komen "
         "eerst, dan deze, goedkoopste eerst). Hoe zwaar ze voor u is, score %s "
         "(lager is lichter): %s.",
         "Ce poste est ici parce que vous pouvez l'occuper avec des aménagements "
         "qui coûtent %s EUR (les postes possibles tels quels viennent en premier, "
         "puis ceux-ci, le moins cher d'abord). Sa charge pour vous, score %s "
         "(plus bas, plus léger) : %s."},
    [R_RANK_WHY_W_INCOMPLETE] =
        {"This job is here because not everything about it could be checked "
         "yet (such jobs come after those you can do). How heavy it is for "
         "you, score %s (lower is lighter): %s.",
         "Deze functie staat hier omdat nog niet alles ervan nagegaan kon "
         "worden (zulke functies komen na die welke u kunt doen). Hoe zwaar "
         "ze voor u is, score %s (lager is lichter): %s.",
         "Ce poste est ici parce que tout n'a pas encore pu être vérifié (ces "
         "postes viennent après ceux que vous pouvez occuper). Sa charge pour "
         "vous, score %s (plus bas, plus léger) : %s."},
    [R_RANK_WHY_W_NOT_FEASIBLE] =
        {"This job is here because no change at work brings %s within the "
         "limits (such jobs come last). How heavy it is for you, score %s "
         "(lower is lighter): %s.",
         "Deze functie staat hier omdat geen aanpassing op het werk %s "
         "binnen de grenzen brengt (zulke functies komen laatst). Hoe zwaar "
         "ze voor u is, score %s (lager is lichter): %s.",
         "Ce poste est ici parce qu'aucun aménagement ne ramène %s dans les "
         "limites (ces postes viennent en dernier). Sa charge pour vous, "
         "score %s (plus bas, plus léger) : %s."},
    [R_RANK_WHY_W_TERM] = {"%s (%s): %s times the limit, counted %s times",
                           "%s (%s): %s keer de grens, %s keer geteld",
                           "%s (%s) : %s fois la limite, compté %s fois"},
    [R_RANK_WHY_W_LE] = {"the job asks %s and the limit is %s",
                         "de functie vraagt %s en de grens is %s",
                         "le poste demande %s et la limite est %s"},
    [R_RANK_WHY_W_GE] = {"the job gives %s and at least %s is needed",
                         "de functie geeft %s en minstens %s is nodig",
                         "le poste offre %s et il faut au moins %s"},
    [R_RANK_WHY_W_MET] = {"respected", "gerespecteerd", "respecté"},
    [R_RANK_WHY_W_NOT_MET] = {"not respected", "niet gerespecteerd", "non respecté"},
    [R_RANK_WORKER_VIEW] = {"This is the ranking as written for the person it is about: each "
                            "job says in plain words why it stands where it does. The "
                            "professional who assessed you decides; ask them about any line.",
                            "Dit is de rangschikking zoals ze geschreven is voor de persoon over "
                            "wie ze gaat: bij elke functie staat in gewone woorden waarom ze "
                            "staat waar ze staat. De professional die u beoordeelde beslist; "
                            "vraag hem of haar gerust uitleg over elke regel.",
                            "Voici le classement tel qu'il est écrit pour la personne concernée : "
                            "chaque poste dit en mots simples pourquoi il est à sa place. Le "
                            "professionnel qui vous a évalué décide ; interrogez-le sur toute "
                            "ligne."},
    [M_RANK_NO_EMPLOYER] = {"a ranking has no employer view: it weighs a person's capacities "
                            "against occupations; give the employer a match report of the chosen "
                            "job (--audience employer match)",
                            "een rangschikking heeft geen werkgeversweergave: ze weegt de "
                            "capaciteiten van een persoon af tegen functies; geef de werkgever "
                            "het match-verslag van de gekozen functie (--audience employer match)",
                            "un classement n'a pas de vue employeur : il confronte les capacités "
                            "d'une personne à des postes ; donnez à l'employeur le rapport match "
                            "du poste retenu (--audience employer match)"},
    [R_DESCRIBE_RULES] = {"rules:", "regels:", "règles :"},
    [R_DESCRIBE_NEEDS_PERSON] = {"needs a person profile: runs in match and rank",
                                 "vraagt een persoonsprofiel: loopt bij match en rank",
                                 "demande un profil de personne : s'exécute avec match et rank"},
    [R_DESCRIBE_ADVISORY] = {"advice: shown in the report, never part of the verdict",
                             "advies: getoond in het verslag, nooit deel van het oordeel",
                             "conseil : montré dans le rapport, jamais partie du verdict"},
    [R_DESCRIBE_WINDOW] = {"in match and rank: applies for %d days from the return to work "
                           "(day 1 the return day), not after",
                           "bij match en rank: van toepassing gedurende %d dagen vanaf de "
                           "werkhervatting (dag 1 de hervattingsdag), niet daarna",
                           "avec match et rank : s'applique pendant %d jours dès la reprise "
                           "(jour 1 le jour de la reprise), pas après"},
    [R_DESCRIBE_PARAMS] = {"parameters:", "parameters:", "paramètres :"},
    [R_RULE_ROW_LABEL] = {"[row %d: %s]", "[rij %d: %s]", "[ligne %d : %s]"},
    [R_RULE_ROW] = {"[row %d]", "[rij %d]", "[ligne %d]"},
    [R_KIND_LIMIT] = {"limit of the published frame", "grens van het gepubliceerde kader",
                      "limite du cadre publié"},
    [R_KIND_READING] = {"reading", "interpretatie", "interprétation"},
    [R_KIND_READING_OF] = {"reading: %s", "interpretatie: %s", "interprétation : %s"},
    [R_UNIT_THEN] = {"%s;", "%s;", "%s ;"}, /* then a space */
};

/* Units as Flemish and French reports write them; the rule texts use the
 * same words, so column and sentence agree. */
static const char *const units[][4] = {
    {"h", "h", "u", "h"},
    {"min/h", "min/h", "min/u", "min/h"},
    {"bpm", "bpm", "slagen/min", "bpm"},
    {"deg", "°", "°", "°"},
};

const char *cmi_unit(cm_lang lang, const char *unit)
{
	for (size_t i = 0; unit && i < sizeof units / sizeof units[0]; i++)
		if (!strcmp(units[i][0], unit))
			return units[i][1 + ((unsigned)lang < 3 ? lang : 0)];
	return unit;
}

/* A measured capacity's item and frequency as the medical header names them
 * in each language (the profile's names are the schema's English); the
 * rule sets' texts use the same words. */
static const char *const capacity_words[][4] = {
    {"lift-floor-waist", "lift floor–waist", "tillen vloer–taille", "levage sol–taille"},
    {"lift-waist-shoulder", "lift waist–shoulder", "tillen taille–schouder",
     "levage taille–épaule"},
    {"carry", "carrying", "dragen", "port de charge"},
    {"push", "pushing", "duwen", "poussée"},
    {"pull", "pulling", "trekken", "traction"},
    {"sitting", "sitting", "zitten", "position assise"},
    {"standing", "standing", "staan", "station debout"},
    {"walking", "walking", "stappen", "marche"},
    {"occasional", "occasional", "occasioneel", "occasionnel"},
    {"frequent", "frequent", "frequent", "fréquent"},
    {"constant", "constant", "constant", "constant"},
};

const char *cmi_capacity_words(cm_lang lang, const char *name)
{
	for (size_t i = 0; name && i < sizeof capacity_words / sizeof capacity_words[0]; i++)
		if (!strcmp(capacity_words[i][0], name))
			return capacity_words[i][1 + ((unsigned)lang < 3 ? lang : 0)];
	return name;
}

const char *cmi_lang_code(cm_lang lang)
{
	static const char *const codes[CMI_NLANGS] = {"en", "nl", "fr"};
	return codes[(unsigned)lang < CMI_NLANGS ? lang : 0];
}

const char *cmi_msg(cm_lang lang, cmi_msg_id id)
{
	if ((unsigned)id >= M_COUNT)
		return "?";
	const char *s = texts[id][(unsigned)lang < 3 ? lang : 0];
	return s ? s : texts[id][0];
}

int cmi_msg_count(void)
{
	return M_COUNT;
}

/* x as %.2f would round it, from its six-decimal figure, when it is one
 * and is not halfway between two cents (where %.2f rounds the binary
 * value, which lies on either side); 0 otherwise. Below 1e9 the double is
 * within 2e-7 of that figure, and a figure not halfway is at least 1e-6
 * from the halfway point. */
static int cents_of(double ax, long long *cents)
{
	if (!(ax < 1e9))
		return 0;
	long long m = llround(ax * 1e6);
	if ((double)m / 1e6 != ax || m % 10000 == 5000)
		return 0;
	*cents = m / 10000 + (m % 10000 > 5000);
	return 1;
}

void cmi_format_number(double x, cm_lang lang, char *buf, size_t size)
{
	long long c;
	if (size >= 32 && cents_of(fabs(x), &c)) {
		/* rank writes a figure or two for every finding it scores */
		char tmp[32], *end = tmp + sizeof tmp, *p = end;
		int frac = c % 100 ? (c % 10 ? 2 : 1) : 0;
		long long whole = c / 100, part = c % 100;
		if (frac == 1)
			*--p = (char)('0' + part / 10);
		else if (frac == 2) {
			*--p = (char)('0' + part % 10);
			*--p = (char)('0' + part / 10);
		}
		if (frac)
			*--p = lang == CM_LANG_EN ? '.' : ',';
		do
			*--p = (char)('0' + whole % 10);
		while (whole /= 10);
		if (x < 0 && c)
			*--p = '-';
		memcpy(buf, p, (size_t)(end - p));
		buf[end - p] = '\0';
		return;
	}
	cmi_format_number_printf(x, lang, buf, size);
}

/* The digits are read whatever the locale's decimal separator. */
long long cmi_shown_units_printf(double x, int decimals)
{
	char buf[400];
	snprintf(buf, sizeof buf, "%.*f", decimals, x);
	long long v = 0;
	int neg = 0;
	for (const char *c = buf; *c; c++)
		if (*c == '-')
			neg = 1;
		else if (*c >= '0' && *c <= '9' && v < 1000000000000000LL)
			v = v * 10 + (*c - '0');
	return neg ? -v : v;
}

/* A double's 53 bits times 10^3 (10 bits) fit 64: x87's long double holds
 * the product exactly, and rintl rounds it as printf does (to the nearest,
 * a tie to even, in the default rounding mode capamatch never changes). */
long long cmi_shown_units(double x, int decimals)
{
	static const long double scale[] = {1, 10, 100, 1000};
	if (LDBL_MANT_DIG < 64 || decimals < 0 || decimals > 3 ||
	    !(fabs(x) * (double)scale[decimals] < 1e15))
		return cmi_shown_units_printf(x, decimals);
	return (long long)rintl((long double)x * scale[decimals]);
}

void cmi_format_number_printf(double x, cm_lang lang, char *buf, size_t size)
{
	snprintf(buf, size, "%.2f", x);
	char *dot = strchr(buf, '.');
	if (dot) {
		char *end = buf + strlen(buf) - 1;
		while (end > dot && *end == '0')
			*end-- = '\0';
		if (end == dot)
			*end = '\0';
		else if (lang != CM_LANG_EN)
			*dot = ',';
	}
	if (!strcmp(buf, "-0"))
		snprintf(buf, size, "0");
}

/* 11700 -> "11,700" (en), "11.700" (nl), "11 700" (fr). */
void cmi_format_money(double eur, cm_lang lang, char *buf, size_t size)
{
	char digits[64];
	snprintf(digits, sizeof digits, "%.0f", eur);
	const char *sep = lang == CM_LANG_EN ? "," : lang == CM_LANG_NL ? "." : " ";
	size_t n = strlen(digits), o = 0;
	for (size_t i = 0; i < n && o + 4 < size; i++) {
		if (i > 0 && (n - i) % 3 == 0 && digits[0] != '-')
			o += (size_t)snprintf(buf + o, size - o, "%s", sep);
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}
