<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About the RM Diagnostic Collector</source>
        <translation>Sobre o Coletor de Diagnóstico RM</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Versão %1</translation>
    </message>
    <message>
        <source>RM Diagnostic Collector</source>
        <translation>Coletor de Diagnóstico RM</translation>
    </message>
    <message>
        <source>Free software under the GNU General Public License, version 3 or later, with no warranty. It includes third-party software under its own licences, listed below with where to get its source.</source>
        <translation>Software livre sob a Licença Pública Geral GNU, versão 3 ou posterior, sem garantia. Inclui software de terceiros sob as licenças deles, listado abaixo com onde obter o código-fonte.</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licença</translation>
    </message>
    <message>
        <source>Third-party software</source>
        <translation>Software de terceiros</translation>
    </message>
    <message>
        <source>The file %1 is missing from this installation.</source>
        <translation>O arquivo %1 não está nesta instalação.</translation>
    </message>
</context>
<context>
    <name>AddFilesPanel</name>
    <message>
        <source>Add files</source>
        <translation>Acrescentar arquivos</translation>
    </message>
    <message>
        <source>Drag files here from the file manager or paste them with Ctrl+V — also an image copied to the clipboard.</source>
        <translation>Arraste arquivos para cá ou cole com Ctrl+V — inclusive uma imagem copiada para a área de transferência.</translation>
    </message>
    <message>
        <source>Choose &amp;files…</source>
        <translation>Escolher &amp;arquivos…</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>C&amp;olar</translation>
    </message>
    <message>
        <source>Paste files or an image from the clipboard (Ctrl+V)</source>
        <translation>Colar arquivos ou uma imagem da área de transferência (Ctrl+V)</translation>
    </message>
</context>
<context>
    <name>AnswerReview</name>
    <message>
        <source>Review what will be sent</source>
        <translation>Revise o que será enviado</translation>
    </message>
    <message>
        <source>This is what will be attached to ticket #%1, already redacted (secrets and personal data masked). Nothing has been sent yet.</source>
        <translation>Isto é o que será anexado ao chamado #%1, já mascarado (segredos e dados pessoais ocultos). Nada foi enviado ainda.</translation>
    </message>
    <message>
        <source>The analyst also asked for a screen recording: record it and send it with “Reply with attachments…” (the wizard records the screen).</source>
        <translation>O analista também pediu uma gravação de tela: grave-a e envie com “Responder com anexos…” (o assistente grava a tela).</translation>
    </message>
    <message>
        <source>I &amp;reviewed the content and I am authorized to send it</source>
        <translation>&amp;Revisei o conteúdo e estou autorizado a enviá-lo</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Enviar</translation>
    </message>
</context>
<context>
    <name>Blockers</name>
    <message>
        <source>Fill in: %1.</source>
        <translation>Preencha: %1.</translation>
    </message>
    <message>
        <source>Wait for the environment detection to finish.</source>
        <translation>Aguarde a detecção do ambiente terminar.</translation>
    </message>
    <message>
        <source>Enter the number of the ticket to complement.</source>
        <translation>Informe o número do chamado a complementar.</translation>
    </message>
    <message>
        <source>Stop the screen recording before going on.</source>
        <translation>Pare a gravação da tela antes de continuar.</translation>
    </message>
    <message>
        <source>Wait for the screenshot to finish.</source>
        <translation>Aguarde a captura de tela terminar.</translation>
    </message>
    <message>
        <source>Wait for the files to be prepared.</source>
        <translation>Aguarde a preparação dos arquivos.</translation>
    </message>
    <message>
        <source>Confirm that you reviewed the content and are authorized to send it.</source>
        <translation>Confirme que revisou o conteúdo e está autorizado a enviá-lo.</translation>
    </message>
    <message>
        <source>Wait for the sending to finish.</source>
        <translation>Aguarde o envio terminar.</translation>
    </message>
    <message>
        <source>Send the ticket, or prepare a manual sending.</source>
        <translation>Envie o chamado ou prepare o envio manual.</translation>
    </message>
</context>
<context>
    <name>CaptureCountdown</name>
    <message>
        <source>Capturing the screen in %1…</source>
        <translation>Capturando a tela em %1…</translation>
    </message>
</context>
<context>
    <name>CollectorWizard</name>
    <message>
        <source>About</source>
        <translation>Sobre</translation>
    </message>
</context>
<context>
    <name>Common</name>
    <message>
        <source>Database</source>
        <translation>Banco de dados</translation>
    </message>
    <message>
        <source>captured</source>
        <translation>capturado</translation>
    </message>
    <message>
        <source>recorded</source>
        <translation>gravado</translation>
    </message>
    <message>
        <source>found</source>
        <translation>encontrado</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>arrastado</translation>
    </message>
    <message>
        <source>pasted</source>
        <translation>colado</translation>
    </message>
    <message>
        <source>added</source>
        <translation>escolhido</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>System version</source>
        <translation>Versão do sistema</translation>
    </message>
    <message>
        <source>Three-tier or local</source>
        <translation>Três camadas ou local</translation>
    </message>
    <message>
        <source>TOTVS Cloud</source>
        <translation>Cloud TOTVS</translation>
    </message>
    <message>
        <source>Steps taken</source>
        <translation>Processo realizado</translation>
    </message>
    <message>
        <source>Evidence (screenshots, video, RMError, logs)</source>
        <translation>Evidências (prints, vídeo, RMError, logs)</translation>
    </message>
    <message>
        <source>Expected behaviour</source>
        <translation>Comportamento esperado</translation>
    </message>
    <message>
        <source>Particularities of the scenario</source>
        <translation>Particularidades do cenário</translation>
    </message>
    <message>
        <source>Since when</source>
        <translation>Desde quando</translation>
    </message>
    <message>
        <source>Users affected</source>
        <translation>Usuários afetados</translation>
    </message>
    <message>
        <source>Coligada/Filial</source>
        <translation>Coligada/Filial</translation>
    </message>
    <message>
        <source>Database server</source>
        <translation>Servidor do banco</translation>
    </message>
    <message>
        <source>Application server</source>
        <translation>Servidor de aplicação</translation>
    </message>
    <message>
        <source>detected</source>
        <translation>detectado</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>informado</translation>
    </message>
    <message>
        <source>not applicable</source>
        <translation>não se aplica</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>faltando</translation>
    </message>
    <message>
        <source>Page status</source>
        <translation>Situação da página</translation>
    </message>
</context>
<context>
    <name>CoverCanvas</name>
    <message>
        <source>Screenshot: drag to cover an area</source>
        <translation>Captura de tela: arraste para cobrir uma área</translation>
    </message>
</context>
<context>
    <name>CoverEditor</name>
    <message>
        <source>Cover areas — %1</source>
        <translation>Cobrir áreas — %1</translation>
    </message>
    <message>
        <source>Drag over anything support must not see (names, salaries, documents). The areas are filled in solid black in the copy that is sent; the original stays on your computer.</source>
        <translation>Arraste sobre o que o suporte não deve ver (nomes, salários, documentos). As áreas são preenchidas de preto na cópia enviada; o original fica no seu computador.</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Desfazer</translation>
    </message>
    <message>
        <source>&amp;Clear all</source>
        <translation>&amp;Limpar tudo</translation>
    </message>
    <message numerus="yes">
        <source>%Ln areas covered</source>
        <translation>
            <numerusform>%Ln área coberta</numerusform>
            <numerusform>%Ln áreas cobertas</numerusform>
        </translation>
    </message>
    <message>
        <source>Drop the drawn areas?</source>
        <translation>Descartar as áreas desenhadas?</translation>
    </message>
    <message>
        <source>The areas you drew will not be covered. Drop them?</source>
        <translation>As áreas que você desenhou não serão cobertas. Descartá-las?</translation>
    </message>
    <message>
        <source>C&amp;ontinue</source>
        <translation>C&amp;ontinuar</translation>
    </message>
    <message>
        <source>&amp;Drop</source>
        <translation>D&amp;escartar</translation>
    </message>
</context>
<context>
    <name>DescriptionPage</name>
    <message>
        <source>Description</source>
        <translation>Descrição</translation>
    </message>
    <message>
        <source>Tell support what happened. You may also capture the evidence first and come back here: only sending requires the checklist.</source>
        <translation>Conte ao suporte o que aconteceu. Se preferir, capture as evidências primeiro e volte aqui: o checklist só é exigido no envio.</translation>
    </message>
    <message>
        <source>New tic&amp;ket</source>
        <translation>&amp;Novo chamado</translation>
    </message>
    <message>
        <source>&amp;Complement to ticket no.</source>
        <translation>&amp;Complemento do chamado nº</translation>
    </message>
    <message>
        <source>e.g. 12345</source>
        <translation>ex.: 12345</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>Número do chamado</translation>
    </message>
    <message>
        <source>A complement adds this description and the evidence to a ticket you already opened; only the ticket number is required.</source>
        <translation>Um complemento acrescenta esta descrição e as evidências a um chamado já aberto; só o número do chamado é obrigatório.</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Título:</translation>
    </message>
    <message>
        <source>e.g. Error when calculating vacation pay in Labore</source>
        <translation>ex.: Erro ao calcular férias no Labore</translation>
    </message>
    <message>
        <source>&amp;Steps taken, one by one:</source>
        <translation>Processo &amp;realizado, passo a passo:</translation>
    </message>
    <message>
        <source>1. Open Labore, menu Movimentação &gt; Férias
2. Select the employee and click Calcular
3. The error message appears</source>
        <translation>1. Abrir o Labore, menu Movimentação &gt; Férias
2. Selecionar o funcionário e clicar em Calcular
3. Aparece a mensagem de erro</translation>
    </message>
    <message>
        <source>&amp;Expected behaviour:</source>
        <translation>Comportamento &amp;esperado:</translation>
    </message>
    <message>
        <source>What should have happened</source>
        <translation>O que deveria ter acontecido</translation>
    </message>
    <message>
        <source>&amp;Particularities (optional):</source>
        <translation>Particularidades (opcional):</translation>
    </message>
    <message>
        <source>Anything special about this scenario: a specific employee, period, parameter…</source>
        <translation>O que há de especial neste cenário: um funcionário, período, parâmetro…</translation>
    </message>
    <message>
        <source>It &amp;happens since:</source>
        <translation>Acontece &amp;desde:</translation>
    </message>
    <message>
        <source>Since when</source>
        <translation>Desde quando</translation>
    </message>
    <message>
        <source>after an &amp;update, from version</source>
        <translation>após &amp;atualização, da versão</translation>
    </message>
    <message>
        <source>Version before the update</source>
        <translation>Versão antes da atualização</translation>
    </message>
    <message>
        <source>to</source>
        <translation>para</translation>
    </message>
    <message>
        <source>Version after the update</source>
        <translation>Versão depois da atualização</translation>
    </message>
    <message>
        <source>Who is affected:</source>
        <translation>Quem é afetado:</translation>
    </message>
    <message>
        <source>only &amp;one user</source>
        <translation>apenas &amp;um usuário</translation>
    </message>
    <message>
        <source>so&amp;me users</source>
        <translation>al&amp;guns usuários</translation>
    </message>
    <message>
        <source>&amp;all users</source>
        <translation>t&amp;odos os usuários</translation>
    </message>
    <message>
        <source>&amp;Title (optional for a complement):</source>
        <translation>&amp;Título (opcional num complemento):</translation>
    </message>
    <message>
        <source>&amp;What is new, or what the analyst asked for:</source>
        <translation>O &amp;que há de novo, ou o que o analista pediu:</translation>
    </message>
    <message>
        <source>These knowledge-base articles may already answer it (they open in the browser):</source>
        <translation>Estes artigos da base de conhecimento talvez já resolvam (abrem no navegador):</translation>
    </message>
</context>
<context>
    <name>EnvironmentPage</name>
    <message>
        <source>RM (desktop application)</source>
        <translation>RM (aplicativo)</translation>
    </message>
    <message>
        <source>Meu RH (FrameHTML)</source>
        <translation>Meu RH (FrameHTML)</translation>
    </message>
    <message>
        <source>Portal (Corpore.Net / Portal Educacional)</source>
        <translation>Portal (Corpore.Net / Portal Educacional)</translation>
    </message>
    <message>
        <source>Problem &amp;happens in:</source>
        <translation>O problema ocorr&amp;e em:</translation>
    </message>
    <message>
        <source>I don&apos;t know</source>
        <translation>Não sei</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>Si&amp;m</translation>
    </message>
    <message>
        <source>N&amp;o</source>
        <translation>Nã&amp;o</translation>
    </message>
    <message>
        <source>Runs on TOTVS Cloud?</source>
        <translation>Roda na Cloud TOTVS?</translation>
    </message>
    <message>
        <source>TRACKLOG:</source>
        <translation>TRACKLOG:</translation>
    </message>
    <message>
        <source>unknown (no RM installation read)</source>
        <translation>desconhecido (nenhuma instalação do RM lida)</translation>
    </message>
    <message>
        <source>on (%1)</source>
        <translation>ativado (%1)</translation>
    </message>
    <message>
        <source>off — no log files are written (%1).</source>
        <translation>desativado — nenhum arquivo de log é gravado (%1).</translation>
    </message>
    <message>
        <source>Other RM parts here: %1</source>
        <translation>Outras partes do RM aqui: %1</translation>
    </message>
    <message>
        <source>Meu RH and the portals keep their own logs: the collector takes them too</source>
        <translation>O Meu RH e os portais têm logs próprios: o coletor também os leva</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Ambiente</translation>
    </message>
    <message>
        <source>What the collector found on this computer. Correct anything that is wrong and fill in what could not be detected.</source>
        <translation>O que o coletor encontrou neste computador. Corrija o que estiver errado e preencha o que não foi detectado.</translation>
    </message>
    <message>
        <source>&amp;Installation:</source>
        <translation>&amp;Instalação:</translation>
    </message>
    <message>
        <source>&amp;Look in a folder…</source>
        <translation>Procurar em uma pas&amp;ta…</translation>
    </message>
    <message>
        <source>Point at the RM installation folder (the one holding RM.exe)</source>
        <translation>Indique a pasta da instalação do RM (a que contém o RM.exe)</translation>
    </message>
    <message>
        <source>Detecting the RM installation…</source>
        <translation>Detectando a instalação do RM…</translation>
    </message>
    <message>
        <source>e.g. 12.1.2406.145 (menu Ambiente | Sobre | Mais Info)</source>
        <translation>ex.: 12.1.2406.145 (menu Ambiente | Sobre | Mais Info)</translation>
    </message>
    <message>
        <source>System &amp;version:</source>
        <translation>Versão do &amp;sistema:</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— escolha —</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Banco de dados:</translation>
    </message>
    <message>
        <source>Three-tier (application server)</source>
        <translation>Três camadas (servidor de aplicação)</translation>
    </message>
    <message>
        <source>Local (two-tier)</source>
        <translation>Local (duas camadas)</translation>
    </message>
    <message>
        <source>&amp;Topology:</source>
        <translation>T&amp;rês camadas ou local:</translation>
    </message>
    <message>
        <source>server\instance or host/service</source>
        <translation>servidor\instância ou host/serviço</translation>
    </message>
    <message>
        <source>Database &amp;server:</source>
        <translation>Servidor do ba&amp;nco:</translation>
    </message>
    <message>
        <source>host:port (three-tier only)</source>
        <translation>host:porta (apenas três camadas)</translation>
    </message>
    <message>
        <source>&amp;Application server:</source>
        <translation>Servidor de apli&amp;cação:</translation>
    </message>
    <message>
        <source>Test environment data (address, alias, user)</source>
        <translation>Dados do ambiente de Teste (endereço, alias, usuário)</translation>
    </message>
    <message>
        <source>TOTVS Cloud test environment data</source>
        <translation>Dados do ambiente de Teste da Cloud TOTVS</translation>
    </message>
    <message>
        <source>code or name</source>
        <translation>código ou nome</translation>
    </message>
    <message>
        <source>Coligada</source>
        <translation>Coligada</translation>
    </message>
    <message>
        <source>Filial</source>
        <translation>Filial</translation>
    </message>
    <message>
        <source>&amp;Filial:</source>
        <translation>&amp;Filial:</translation>
    </message>
    <message>
        <source>C&amp;oligada:</source>
        <translation>Co&amp;ligada:</translation>
    </message>
    <message>
        <source>No RM installation was found. Fill in the fields below, or point at the installation folder.</source>
        <translation>Nenhuma instalação do RM foi encontrada. Preencha os campos abaixo ou indique a pasta da instalação.</translation>
    </message>
    <message>
        <source>Detection failed: %1</source>
        <translation>A detecção falhou: %1</translation>
    </message>
    <message>
        <source>RM installation folder</source>
        <translation>Pasta da instalação do RM</translation>
    </message>
    <message>
        <source>version unknown</source>
        <translation>versão desconhecida</translation>
    </message>
    <message>
        <source>none found</source>
        <translation>nenhuma encontrada</translation>
    </message>
    <message>
        <source>detected: %1</source>
        <translation>detectado: %1</translation>
    </message>
    <message>
        <source>informed by you</source>
        <translation>informado por você</translation>
    </message>
    <message>
        <source>not detected — please fill in</source>
        <translation>não detectado — preencha</translation>
    </message>
    <message>
        <source>not detected (not needed for a local installation)</source>
        <translation>não detectado (desnecessário numa instalação local)</translation>
    </message>
    <message>
        <source>three-tier client: the database alias lives on the application server — please fill in</source>
        <translation>cliente três camadas: o alias do banco fica no servidor de aplicação — preencha</translation>
    </message>
    <message>
        <source>optional: the company and branch where it happens</source>
        <translation>opcional: a empresa e a filial onde acontece</translation>
    </message>
    <message>
        <source>answer Yes if the RM runs on TOTVS Cloud, and give the Test environment&apos;s data</source>
        <translation>responda Sim se o RM roda na Cloud TOTVS e informe os dados do ambiente de Teste</translation>
    </message>
    <message>
        <source>Don&apos;t know? Ask your IT team which database the RM uses, or choose “I don&apos;t know”: support will see it and ask.</source>
        <translation>Não sabe? Pergunte à TI qual banco o RM usa, ou escolha “Não sei”: o suporte verá isso e perguntará.</translation>
    </message>
    <message>
        <source>Don&apos;t know? If the RM connects to an application server (RM.Host) it is three-tier; ask your IT team, or choose “I don&apos;t know”.</source>
        <translation>Não sabe? Se o RM se conecta a um servidor de aplicação (RM.Host), é três camadas; pergunte à TI, ou escolha “Não sei”.</translation>
    </message>
</context>
<context>
    <name>EvidenceList</name>
    <message>
        <source>File</source>
        <translation>Arquivo</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamanho</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origem</translation>
    </message>
    <message>
        <source>Evidence to send</source>
        <translation>Evidências a enviar</translation>
    </message>
</context>
<context>
    <name>EvidencePage</name>
    <message>
        <source>Evidence</source>
        <translation>Evidências</translation>
    </message>
    <message>
        <source>Capture the screen, record the problem happening, and add any file: drag it here, paste it (Ctrl+V) or choose it. Nothing needs to be zipped.</source>
        <translation>Capture a tela, grave o problema acontecendo e acrescente qualquer arquivo: arraste para cá, cole (Ctrl+V) ou escolha. Não é preciso compactar nada.</translation>
    </message>
    <message>
        <source>RMError files and logs from the &amp;last</source>
        <translation>Arquivos RMError e logs dos &amp;últimos</translation>
    </message>
    <message>
        <source>Re&amp;move from the list</source>
        <translation>&amp;Remover da lista</translation>
    </message>
    <message>
        <source>Mask personal &amp;data (CPF, CNPJ, e-mail) in logs — recommended</source>
        <translation>Mascarar &amp;dados pessoais (CPF, CNPJ, e-mail) nos logs — recomendado</translation>
    </message>
    <message>
        <source>&amp;Undo removal</source>
        <translation>Desfa&amp;zer remoção</translation>
    </message>
    <message>
        <source>Puts back the files just removed from the list (Ctrl+Z)</source>
        <translation>Devolve à lista os arquivos que acabaram de ser removidos (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Pseudonymize this computer&apos;s and my Windows user &amp;names — recommended</source>
        <translation>Trocar por pseudônimos o &amp;nome deste computador e do meu usuário do Windows — recomendado</translation>
    </message>
    <message numerus="yes">
        <source> days</source>
        <translation>
            <numerusform> dia</numerusform>
            <numerusform> dias</numerusform>
        </translation>
    </message>
    <message>
        <source>The screenshot failed: %1</source>
        <translation>A captura de tela falhou: %1</translation>
    </message>
    <message>
        <source>The recording could not start: %1</source>
        <translation>A gravação não pôde começar: %1</translation>
    </message>
    <message>
        <source>saving…</source>
        <translation>salvando…</translation>
    </message>
    <message>
        <source>The recording stopped early: %1</source>
        <translation>A gravação parou antes: %1</translation>
    </message>
    <message>
        <source>The recording failed: %1</source>
        <translation>A gravação falhou: %1</translation>
    </message>
    <message>
        <source>Recording: %1</source>
        <translation>Gravação: %1</translation>
    </message>
    <message>
        <source>looking for RMError files and logs…</source>
        <translation>procurando arquivos RMError e logs…</translation>
    </message>
    <message>
        <source>found: %1, %2</source>
        <translation>encontrados: %1, %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln RMError files</source>
        <translation>
            <numerusform>%Ln arquivo RMError</numerusform>
            <numerusform>%Ln arquivos RMError</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln logs</source>
        <translation>
            <numerusform>%Ln log</numerusform>
            <numerusform>%Ln logs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln files chosen</source>
        <translation>
            <numerusform>%Ln arquivo escolhido</numerusform>
            <numerusform>%Ln arquivos escolhidos</numerusform>
        </translation>
    </message>
    <message>
        <source>could not look for RMError files and logs: %1</source>
        <translation>não foi possível procurar arquivos RMError e logs: %1</translation>
    </message>
    <message>
        <source>Files to attach</source>
        <translation>Arquivos a anexar</translation>
    </message>
    <message>
        <source>Any file (*)</source>
        <translation>Qualquer arquivo (*)</translation>
    </message>
    <message>
        <source>The clipboard holds no file and no image.</source>
        <translation>A área de transferência não tem arquivo nem imagem.</translation>
    </message>
    <message>
        <source>Personal data</source>
        <translation>Dados pessoais</translation>
    </message>
    <message>
        <source>CPF, CNPJ and e-mail addresses will go to support as they are in the logs. Passwords and other secrets are always removed.</source>
        <translation>CPF, CNPJ e e-mails irão ao suporte como estão nos logs. Senhas e outros segredos são sempre removidos.</translation>
    </message>
</context>
<context>
    <name>Kinds</name>
    <message>
        <source>Portal log</source>
        <translation>Log de portal</translation>
    </message>
    <message>
        <source>RMError</source>
        <translation>RMError</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>RM configuration</source>
        <translation>Configuração do RM</translation>
    </message>
    <message>
        <source>System information</source>
        <translation>Informações do sistema</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Banco de dados</translation>
    </message>
    <message>
        <source>Screenshot</source>
        <translation>Captura de tela</translation>
    </message>
    <message>
        <source>Screen recording</source>
        <translation>Gravação da tela</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>Anexo</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>New ticket — RM Diagnostic Collector</source>
        <translation>Novo chamado — Coletor de Diagnóstico RM</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Wait for the work in progress to finish before switching the language.</source>
        <translation>Aguarde o trabalho em andamento terminar antes de trocar o idioma.</translation>
    </message>
    <message>
        <source>Sending in progress</source>
        <translation>Envio em andamento</translation>
    </message>
    <message>
        <source>The ticket is being sent. Close anyway? The bundle stays in the send queue and is sent next time.</source>
        <translation>O chamado está sendo enviado. Fechar mesmo assim? O pacote fica na fila de envio e é enviado da próxima vez.</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Fechar</translation>
    </message>
    <message>
        <source>Discard the ticket?</source>
        <translation>Descartar o chamado?</translation>
    </message>
    <message>
        <source>What you typed and the evidence you gathered have not been sent. Discard them and close?</source>
        <translation>O que você escreveu e as evidências reunidas ainda não foram enviados. Descartar tudo e fechar?</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Descartar</translation>
    </message>
    <message>
        <source>C&amp;ontinue</source>
        <translation>C&amp;ontinuar</translation>
    </message>
    <message>
        <source>Go back to the ticket, on the page you were on</source>
        <translation>Voltar ao chamado, na página em que você estava</translation>
    </message>
    <message>
        <source>Demo account for &quot;Sign in to the portal&quot;: %1 — password: %2</source>
        <translation>Conta de demonstração para &quot;Entrar no portal&quot;: %1 — senha: %2</translation>
    </message>
    <message>
        <source>the local portal did not start: %1</source>
        <translation>o portal local não iniciou: %1</translation>
    </message>
    <message>
        <source>Unexpected error: %1. Details are in the log file.</source>
        <translation>Erro inesperado: %1. Os detalhes estão no arquivo de log.</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <source>%1 (analyst)</source>
        <translation>%1 (analista)</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Você</translation>
    </message>
    <message>
        <source>[diagnostic request for the collector]</source>
        <translation>[pedido de diagnóstico para o coletor]</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <source>Opens or downloads the attachment in the browser</source>
        <translation>Abre ou baixa o anexo no navegador</translation>
    </message>
</context>
<context>
    <name>PortalDialog</name>
    <message>
        <source>Support portal</source>
        <translation>Portal de suporte</translation>
    </message>
    <message>
        <source>&lt;b&gt;No support portal is configured on this computer.&lt;/b&gt;&lt;br&gt;Enter the address of your company&apos;s support portal, or try the collector in demonstration mode: the tickets then stay on this computer.</source>
        <translation>&lt;b&gt;Nenhum portal de suporte está configurado neste computador.&lt;/b&gt;&lt;br&gt;Informe o endereço do portal de suporte da sua empresa ou experimente o coletor no modo demonstração: os chamados então ficam neste computador.</translation>
    </message>
    <message>
        <source>Portal &amp;address:</source>
        <translation>&amp;Endereço do portal:</translation>
    </message>
    <message>
        <source>You can also gather the evidence now and give the address when sending.</source>
        <translation>Você também pode reunir as evidências agora e informar o endereço no envio.</translation>
    </message>
    <message>
        <source>&amp;Use this portal</source>
        <translation>&amp;Usar este portal</translation>
    </message>
    <message>
        <source>&amp;Demonstration mode</source>
        <translation>Modo &amp;demonstração</translation>
    </message>
    <message>
        <source>Decide when &amp;sending</source>
        <translation>Decidir no en&amp;vio</translation>
    </message>
    <message>
        <source>Enter the portal&apos;s address (https://…).</source>
        <translation>Informe o endereço do portal (https://…).</translation>
    </message>
</context>
<context>
    <name>RecordingControl</name>
    <message>
        <source>Recording the screen</source>
        <translation>Gravando a tela</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausar</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>P&amp;arar</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Continuar</translation>
    </message>
    <message>
        <source>This control appears in the recording: this version of Windows cannot hide it.</source>
        <translation>Este controle aparece na gravação: esta versão do Windows não consegue escondê-lo.</translation>
    </message>
</context>
<context>
    <name>ResumeBox</name>
    <message>
        <source>Continue the ticket?</source>
        <translation>Continuar o chamado?</translation>
    </message>
    <message>
        <source>Continue the ticket of %1?</source>
        <translation>Continuar o chamado de %1?</translation>
    </message>
    <message>
        <source>It was not sent: the collector closed before the end.</source>
        <translation>Ele não foi enviado: o coletor fechou antes do fim.</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>&amp;Continuar</translation>
    </message>
    <message>
        <source>Start &amp;another</source>
        <translation>Começar &amp;outro</translation>
    </message>
    <message>
        <source>What you typed and the evidence you gathered come back</source>
        <translation>O que você digitou e as evidências reunidas voltam</translation>
    </message>
    <message numerus="yes">
        <source>%Ln files gathered</source>
        <translation>
            <numerusform>%Ln arquivo reunido</numerusform>
            <numerusform>%Ln arquivos reunidos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Review</source>
        <translation>Revisão</translation>
    </message>
    <message>
        <source>Check what support will receive. Passwords and secrets were removed; exclude anything you do not want to send.</source>
        <translation>Confira o que o suporte vai receber. Senhas e segredos foram removidos; exclua o que não quiser enviar.</translation>
    </message>
    <message>
        <source>Checklist of the support guide:</source>
        <translation>Checklist do guia de suporte:</translation>
    </message>
    <message>
        <source>%p% complete</source>
        <translation>%p% completo</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Checklist items</source>
        <translation>Itens do checklist</translation>
    </message>
    <message>
        <source>Double-click an item to go to the page where it is filled in</source>
        <translation>Clique duas vezes num item para ir à página onde ele é preenchido</translation>
    </message>
    <message>
        <source>&amp;Prepare again</source>
        <translation>Preparar de &amp;novo</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Arquivo</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamanho</translation>
    </message>
    <message>
        <source>Redacted</source>
        <translation>Mascarados</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Aviso</translation>
    </message>
    <message>
        <source>Files to send</source>
        <translation>Arquivos a enviar</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Pré-visualização</translation>
    </message>
    <message>
        <source>Preview of the file as it will be sent</source>
        <translation>Pré-visualização do arquivo como será enviado</translation>
    </message>
    <message>
        <source>Select a file to see it as it will be sent.</source>
        <translation>Selecione um arquivo para vê-lo como será enviado.</translation>
    </message>
    <message>
        <source>◀ Previous masked</source>
        <translation>◀ Máscara anterior</translation>
    </message>
    <message>
        <source>Next masked ▶</source>
        <translation>Próxima máscara ▶</translation>
    </message>
    <message>
        <source>&amp;Cover areas…</source>
        <translation>&amp;Cobrir áreas…</translation>
    </message>
    <message>
        <source>Fill parts of the screenshot with solid black</source>
        <translation>Preencher partes da captura com preto sólido</translation>
    </message>
    <message>
        <source>P&amp;lay</source>
        <translation>Reprodu&amp;zir</translation>
    </message>
    <message>
        <source>Opens the recording in the computer&apos;s video player</source>
        <translation>Abre a gravação no reprodutor de vídeo do computador</translation>
    </message>
    <message>
        <source>doesn&apos;t know</source>
        <translation>não sabe</translation>
    </message>
    <message>
        <source>Three-tier</source>
        <translation>Três camadas</translation>
    </message>
    <message>
        <source>Local (two-tier)</source>
        <translation>Local (duas camadas)</translation>
    </message>
    <message>
        <source>Only one user</source>
        <translation>Apenas um usuário</translation>
    </message>
    <message>
        <source>Some users</source>
        <translation>Alguns usuários</translation>
    </message>
    <message>
        <source>All users</source>
        <translation>Todos os usuários</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Não</translation>
    </message>
    <message>
        <source> — Test environment: %1</source>
        <translation> — ambiente de Teste: %1</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sim</translation>
    </message>
    <message numerus="yes">
        <source>%Ln screenshots</source>
        <translation>
            <numerusform>%Ln captura de tela</numerusform>
            <numerusform>%Ln capturas de tela</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln recordings</source>
        <translation>
            <numerusform>%Ln gravação</numerusform>
            <numerusform>%Ln gravações</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln RMError files</source>
        <translation>
            <numerusform>%Ln RMError</numerusform>
            <numerusform>%Ln RMError</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln logs</source>
        <translation>
            <numerusform>%Ln log</numerusform>
            <numerusform>%Ln logs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln portal logs</source>
        <translation>
            <numerusform>%Ln log dos portais</numerusform>
            <numerusform>%Ln logs dos portais</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln attachments</source>
        <translation>
            <numerusform>%Ln anexo</numerusform>
            <numerusform>%Ln anexos</numerusform>
        </translation>
    </message>
    <message>
        <source>(after the update %1 → %2)</source>
        <translation>(após atualização %1 → %2)</translation>
    </message>
    <message>
        <source>IntelliTrace: included only when asked for</source>
        <translation>IntelliTrace: incluído só quando pedido</translation>
    </message>
    <message>
        <source>larger than the limit</source>
        <translation>maior que o limite</translation>
    </message>
    <message>
        <source>not a text file</source>
        <translation>não é um arquivo de texto</translation>
    </message>
    <message>
        <source>over the bundle&apos;s limit for logs</source>
        <translation>acima do limite de logs do pacote</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>indisponível</translation>
    </message>
    <message>
        <source>could not be read</source>
        <translation>não foi possível ler</translation>
    </message>
    <message>
        <source>unexpected error</source>
        <translation>erro inesperado</translation>
    </message>
    <message>
        <source>Left out: %1</source>
        <translation>Ficaram de fora: %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln files</source>
        <translation>
            <numerusform>%Ln arquivo</numerusform>
            <numerusform>%Ln arquivos</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 in total</source>
        <translation>%1 no total</translation>
    </message>
    <message numerus="yes">
        <source>%Ln values masked</source>
        <translation>
            <numerusform>%Ln valor mascarado</numerusform>
            <numerusform>%Ln valores mascarados</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading pictures from the recording…</source>
        <translation>Lendo imagens da gravação…</translation>
    </message>
    <message>
        <source>Pictures from the recording, from start to end. It is sent as it is.</source>
        <translation>Imagens da gravação, do início ao fim. Ela é enviada como está.</translation>
    </message>
    <message>
        <source>No picture could be read from the recording; it can still be played.</source>
        <translation>Não foi possível ler imagens da gravação; ela ainda pode ser reproduzida.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln hidden spans highlighted</source>
        <translation>
            <numerusform>%Ln trecho ocultado em destaque</numerusform>
            <numerusform>%Ln trechos ocultados em destaque</numerusform>
        </translation>
    </message>
    <message>
        <source>I &amp;reviewed the content and I am authorized to send it</source>
        <translation>&amp;Revisei o conteúdo e estou autorizado a enviá-lo</translation>
    </message>
    <message>
        <source>(optional)</source>
        <translation>(opcional)</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>faltando</translation>
    </message>
    <message>
        <source>not informed</source>
        <translation>não informado</translation>
    </message>
    <message>
        <source>Where it came from: %1</source>
        <translation>De onde veio: %1</translation>
    </message>
    <message>
        <source>Required before sending: %1. Double-click an item to fill it in.</source>
        <translation>Obrigatório antes de enviar: %1. Clique duas vezes num item para preenchê-lo.</translation>
    </message>
    <message>
        <source>Checklist (a complement only needs the ticket number):</source>
        <translation>Checklist (um complemento só precisa do número do chamado):</translation>
    </message>
    <message>
        <source>Preparing the files: looking for them, copying and removing secrets…</source>
        <translation>Preparando os arquivos: procurando, copiando e removendo segredos…</translation>
    </message>
    <message>
        <source>Looking for files</source>
        <translation>Procurando arquivos</translation>
    </message>
    <message>
        <source>Copying and removing secrets</source>
        <translation>Copiando e removendo segredos</translation>
    </message>
    <message>
        <source>Writing the bundle</source>
        <translation>Gravando o pacote</translation>
    </message>
    <message>
        <source>Preparing the files failed: %1</source>
        <translation>A preparação dos arquivos falhou: %1</translation>
    </message>
    <message>
        <source>sensitive data?</source>
        <translation>dados sensíveis?</translation>
    </message>
    <message>
        <source>see note</source>
        <translation>veja a nota</translation>
    </message>
    <message>
        <source>areas covered</source>
        <translation>áreas cobertas</translation>
    </message>
    <message>
        <source>No preview for this type of file; it is sent as it is.</source>
        <translation>Sem pré-visualização para este tipo de arquivo; ele é enviado como está.</translation>
    </message>
    <message>
        <source>sent as you gave it: nothing in it was changed</source>
        <translation>enviado como você entregou: nada nele foi alterado</translation>
    </message>
    <message>
        <source>only the beginning is shown</source>
        <translation>só o começo é mostrado</translation>
    </message>
</context>
<context>
    <name>ScreenPanel</name>
    <message>
        <source>Screen</source>
        <translation>Tela</translation>
    </message>
    <message>
        <source>Monitors:</source>
        <translation>Monitores:</translation>
    </message>
    <message>
        <source>&amp;Capture screen</source>
        <translation>&amp;Capturar tela</translation>
    </message>
    <message>
        <source>The wizard hides, every chosen monitor is captured in full, and the wizard comes back</source>
        <translation>O assistente se esconde, cada monitor escolhido é capturado inteiro e o assistente volta</translation>
    </message>
    <message>
        <source>When to capture</source>
        <translation>Quando capturar</translation>
    </message>
    <message>
        <source>now</source>
        <translation>agora</translation>
    </message>
    <message>
        <source>in 3 s</source>
        <translation>em 3 s</translation>
    </message>
    <message>
        <source>in 5 s</source>
        <translation>em 5 s</translation>
    </message>
    <message>
        <source>With a delay, the wizard hides and the screen is captured after those seconds: time to open the menu or the message</source>
        <translation>Com espera, o assistente se esconde e a tela é capturada depois desses segundos: tempo para abrir o menu ou a mensagem</translation>
    </message>
    <message>
        <source>&amp;Record screen</source>
        <translation>&amp;Gravar tela</translation>
    </message>
    <message>
        <source>The wizard gets out of the way; a small control shows the time, pause and stop</source>
        <translation>O assistente sai da frente; um pequeno controle mostra o tempo, pausar e parar</translation>
    </message>
    <message>
        <source>Monitor to record</source>
        <translation>Monitor a gravar</translation>
    </message>
    <message>
        <source>Screenshots are full-size and uncropped, as support asks.</source>
        <translation>As capturas são em tamanho real e sem cortes, como o suporte pede.</translation>
    </message>
    <message>
        <source>%1 (%2×%3)</source>
        <translation>%1 (%2×%3)</translation>
    </message>
    <message>
        <source>primary</source>
        <translation>principal</translation>
    </message>
    <message>
        <source>Monitor %1</source>
        <translation>Monitor %1</translation>
    </message>
    <message>
        <source>The screen cannot be captured here: %1</source>
        <translation>Não é possível capturar a tela aqui: %1</translation>
    </message>
</context>
<context>
    <name>SendPage</name>
    <message>
        <source>Send</source>
        <translation>Envio</translation>
    </message>
    <message>
        <source>The ticket is filed with every attachment. If the portal cannot be reached, the bundle waits in the send queue: nothing is lost.</source>
        <translation>O chamado é aberto com todos os anexos. Se o portal não responder, o pacote espera na fila de envio: nada se perde.</translation>
    </message>
    <message>
        <source>Portal</source>
        <translation>Portal</translation>
    </message>
    <message>
        <source>Si&amp;gn out of the portal</source>
        <translation>Sai&amp;r do portal</translation>
    </message>
    <message>
        <source>Keep in this computer&apos;s &amp;keyring</source>
        <translation>Guardar no cofre de &amp;senhas deste computador</translation>
    </message>
    <message>
        <source>Portal &amp;address:</source>
        <translation>Endereço do porta&amp;l:</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-mail:</translation>
    </message>
    <message>
        <source>API &amp;token:</source>
        <translation>&amp;Token de API:</translation>
    </message>
    <message>
        <source>&amp;Cancel sending</source>
        <translation>&amp;Interromper envio</translation>
    </message>
    <message>
        <source>Send t&amp;icket</source>
        <translation>Enviar &amp;chamado</translation>
    </message>
    <message>
        <source>T&amp;ry again now</source>
        <translation>Tentar de novo a&amp;gora</translation>
    </message>
    <message>
        <source>Prepare &amp;manual sending</source>
        <translation>Preparar envio &amp;manual</translation>
    </message>
    <message>
        <source>Saves the files in a folder, copies the ticket text and opens the portal&apos;s form: for when the API cannot be used</source>
        <translation>Guarda os arquivos numa pasta, copia o texto do chamado e abre o formulário do portal: para quando a API não pode ser usada</translation>
    </message>
    <message>
        <source>Current file</source>
        <translation>Arquivo atual</translation>
    </message>
    <message>
        <source>Overall progress</source>
        <translation>Progresso geral</translation>
    </message>
    <message>
        <source>%p% sent</source>
        <translation>%p% enviado</translation>
    </message>
    <message>
        <source>Complement to ticket &lt;b&gt;#%1&lt;/b&gt;</source>
        <translation>Complemento do chamado &lt;b&gt;#%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>New ticket: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Novo chamado: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Fill in the address, the e-mail and the token.</source>
        <translation>Preencha o endereço, o e-mail e o token.</translation>
    </message>
    <message>
        <source>Checking with the portal…</source>
        <translation>Verificando com o portal…</translation>
    </message>
    <message>
        <source>Sign in to the p&amp;ortal</source>
        <translation>Entrar no p&amp;ortal</translation>
    </message>
    <message>
        <source>Opens the portal&apos;s sign-in page in your browser; the collector never sees your password</source>
        <translation>Abre a página de entrada do portal no seu navegador; o coletor nunca vê a sua senha</translation>
    </message>
    <message>
        <source>A&amp;dvanced</source>
        <translation>Avança&amp;do</translation>
    </message>
    <message>
        <source>API tokens are administrator credentials: use one only if the portal&apos;s administrator gave it to you. Zendesk deactivates every API token on 30/04/2027, and since 28/07/2026 a token unused for 30 days is deactivated.</source>
        <translation>Tokens de API são credenciais de administrador: use um só se o administrador do portal o entregou a você. O Zendesk desativa todos os tokens de API em 30/04/2027, e desde 28/07/2026 um token sem uso por 30 dias é desativado.</translation>
    </message>
    <message>
        <source>the e-mail of your portal account</source>
        <translation>o e-mail da sua conta no portal</translation>
    </message>
    <message>
        <source>API token given by the portal&apos;s administrator</source>
        <translation>token de API dado pelo administrador do portal</translation>
    </message>
    <message>
        <source>Sign in &amp;with the token</source>
        <translation>Entrar com o to&amp;ken</translation>
    </message>
    <message>
        <source>your account</source>
        <translation>sua conta</translation>
    </message>
    <message>
        <source>(API token)</source>
        <translation>(token de API)</translation>
    </message>
    <message>
        <source>No portal is configured: give its address under &lt;b&gt;Advanced&lt;/b&gt;.</source>
        <translation>Nenhum portal configurado: informe o endereço em &lt;b&gt;Avançado&lt;/b&gt;.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln files</source>
        <translation>
            <numerusform>%Ln arquivo</numerusform>
            <numerusform>%Ln arquivos</numerusform>
        </translation>
    </message>
    <message>
        <source>Continue in the browser: sign in and allow the collector…</source>
        <translation>Continue no navegador: entre e autorize o coletor…</translation>
    </message>
    <message>
        <source>Writing the bundle…</source>
        <translation>Gravando o pacote…</translation>
    </message>
    <message>
        <source>Connecting to the portal…</source>
        <translation>Conectando ao portal…</translation>
    </message>
    <message>
        <source>%p% written</source>
        <translation>%p% gravado</translation>
    </message>
    <message>
        <source>The bundle could not be written: %1</source>
        <translation>O pacote não pôde ser gravado: %1</translation>
    </message>
    <message>
        <source>Sending %1</source>
        <translation>Enviando %1</translation>
    </message>
    <message>
        <source>Filing the ticket…</source>
        <translation>Abrindo o chamado…</translation>
    </message>
    <message>
        <source>Attaching files to the ticket…</source>
        <translation>Anexando arquivos ao chamado…</translation>
    </message>
    <message>
        <source>Checking whether the ticket was already filed…</source>
        <translation>Verificando se o chamado já foi aberto…</translation>
    </message>
    <message>
        <source>You are signed in to the demonstration portal as &lt;b&gt;%1&lt;/b&gt;.</source>
        <translation>Você entrou no portal de demonstração como &lt;b&gt;%1&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>You are signed in to &lt;b&gt;%1&lt;/b&gt; as &lt;b&gt;%2&lt;/b&gt;.</source>
        <translation>Você entrou em &lt;b&gt;%1&lt;/b&gt; como &lt;b&gt;%2&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>The demonstration portal is starting…</source>
        <translation>O portal de demonstração está iniciando…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sign in to the portal&lt;/b&gt; opens its sign-in page in your browser; the collector never sees your password.</source>
        <translation>&lt;b&gt;Entrar no portal&lt;/b&gt; abre a página de entrada dele no seu navegador; o coletor nunca vê a sua senha.</translation>
    </message>
    <message>
        <source>You are not signed in to the demonstration portal yet.</source>
        <translation>Você ainda não entrou no portal de demonstração.</translation>
    </message>
    <message>
        <source>You are not signed in to &lt;b&gt;%1&lt;/b&gt; yet.</source>
        <translation>Você ainda não entrou em &lt;b&gt;%1&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Demonstration mode&lt;/b&gt;: the ticket goes to the local portal on this computer.</source>
        <translation>&lt;b&gt;Modo demonstração&lt;/b&gt;: o chamado vai para o portal local deste computador.</translation>
    </message>
    <message>
        <source>Demo account for &lt;b&gt;Sign in to the portal&lt;/b&gt;: e-mail &lt;b&gt;%1&lt;/b&gt;, password &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>Conta de demonstração para &lt;b&gt;Entrar no portal&lt;/b&gt;: e-mail &lt;b&gt;%1&lt;/b&gt;, senha &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>You signed out of the portal.</source>
        <translation>Você saiu do portal.</translation>
    </message>
    <message>
        <source>You are signed in. This computer has no keyring: you will be asked again next time.</source>
        <translation>Você entrou no portal. Este computador não tem cofre de senhas: os dados serão pedidos de novo na próxima vez.</translation>
    </message>
    <message>
        <source>You are signed in.</source>
        <translation>Você entrou no portal.</translation>
    </message>
    <message>
        <source>Checking the attachments…</source>
        <translation>Conferindo os anexos…</translation>
    </message>
    <message>
        <source>Delivered.</source>
        <translation>Entregue.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <source>Ticket %1 received the complement.</source>
        <translation>O chamado %1 recebeu o complemento.</translation>
    </message>
    <message>
        <source>Ticket %1 was filed.</source>
        <translation>Chamado %1 aberto.</translation>
    </message>
    <message>
        <source>Every attachment is on it. Follow the ticket in &lt;b&gt;My tickets&lt;/b&gt; or on the portal.</source>
        <translation>Todos os anexos estão nele. Acompanhe o chamado em &lt;b&gt;Meus chamados&lt;/b&gt; ou pelo portal.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Saved in the send queue&lt;/b&gt;: %1</source>
        <translation>&lt;b&gt;Guardado na fila de envio&lt;/b&gt;: %1</translation>
    </message>
    <message>
        <source>It will be sent when the portal can be reached: this window tries again by itself, and the ticket stays in the queue if you close it.</source>
        <translation>Ele será enviado quando o portal responder: esta janela tenta de novo sozinha, e o chamado continua na fila se você fechá-la.</translation>
    </message>
    <message>
        <source>&lt;b&gt;The portal refused the ticket&lt;/b&gt;: %1&lt;br&gt;The bundle stays in the send queue; fix the cause and try again, or prepare a manual sending.</source>
        <translation>&lt;b&gt;O portal recusou o chamado&lt;/b&gt;: %1&lt;br&gt;O pacote continua na fila de envio; corrija a causa e tente de novo, ou prepare o envio manual.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sign in again&lt;/b&gt;: %1&lt;br&gt;The bundle waits in the send queue; after &lt;b&gt;Sign in to the portal&lt;/b&gt;, send it again — nothing is lost.</source>
        <translation>&lt;b&gt;Entre de novo&lt;/b&gt;: %1&lt;br&gt;O pacote espera na fila de envio; depois de &lt;b&gt;Entrar no portal&lt;/b&gt;, envie de novo — nada se perde.</translation>
    </message>
    <message>
        <source>Preparing the manual sending…</source>
        <translation>Preparando o envio manual…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Manual sending prepared.&lt;/b&gt; The ticket text is in the clipboard: paste it into the portal&apos;s form, then drag the files from the folder &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt;.</source>
        <translation>&lt;b&gt;Envio manual preparado.&lt;/b&gt; O texto do chamado está na área de transferência: cole-o no formulário do portal e arraste os arquivos da pasta &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt;.</translation>
    </message>
    <message>
        <source>For the e-mail channel: %1</source>
        <translation>Para o canal de e-mail: %1</translation>
    </message>
</context>
<context>
    <name>TicketDetail</name>
    <message>
        <source>Ticket #%1 — RM Diagnostic Collector</source>
        <translation>Chamado #%1 — Coletor de Diagnóstico RM</translation>
    </message>
    <message>
        <source>Open in the &amp;portal</source>
        <translation>Abrir no &amp;portal</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Atualizar</translation>
    </message>
    <message>
        <source>Send &amp;what the analyst asked for</source>
        <translation>Enviar o &amp;que o analista pediu</translation>
    </message>
    <message>
        <source>How was the support on this ticket?</source>
        <translation>Como foi o atendimento neste chamado?</translation>
    </message>
    <message>
        <source>&amp;Good</source>
        <translation>&amp;Bom</translation>
    </message>
    <message>
        <source>B&amp;ad</source>
        <translation>R&amp;uim</translation>
    </message>
    <message>
        <source>Comment (optional)</source>
        <translation>Comentário (opcional)</translation>
    </message>
    <message>
        <source>Send &amp;rating</source>
        <translation>Enviar a&amp;valiação</translation>
    </message>
    <message>
        <source>Answer the survey in the portal</source>
        <translation>Responder à pesquisa no portal</translation>
    </message>
    <message>
        <source>Re&amp;ply with attachments…</source>
        <translation>Res&amp;ponder com anexos…</translation>
    </message>
    <message>
        <source>Reading the ticket…</source>
        <translation>Lendo o chamado…</translation>
    </message>
    <message>
        <source>Could not read the ticket: %1</source>
        <translation>Não foi possível ler o chamado: %1</translation>
    </message>
    <message>
        <source>Status: %1 · last interaction %2</source>
        <translation>Status: %1 · última interação %2</translation>
    </message>
    <message>
        <source>&amp;Follow-up ticket…</source>
        <translation>Chamado de &amp;acompanhamento…</translation>
    </message>
    <message>
        <source>This ticket is closed: what you send opens a follow-up ticket linked to it.</source>
        <translation>Este chamado está fechado: o que você enviar abre um chamado de acompanhamento ligado a ele.</translation>
    </message>
    <message>
        <source>This ticket is closed: a reply becomes a follow-up ticket.</source>
        <translation>Este chamado está fechado: uma resposta vira um chamado de acompanhamento.</translation>
    </message>
    <message>
        <source>Adds a description and evidence to this ticket (the same review and consent as a new ticket)</source>
        <translation>Acrescenta uma descrição e evidências a este chamado (a mesma revisão e o mesmo consentimento de um chamado novo)</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s).</source>
        <translation>
            <numerusform>%n mensagem.</numerusform>
            <numerusform>%n mensagens.</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;The analyst asked for:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;O analista pediu:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>Asked by %1 on %2.</source>
        <translation>Pedido por %1 em %2.</translation>
    </message>
    <message>
        <source>Your answer is in the send queue: the button sends it again.</source>
        <translation>Sua resposta está na fila de envio: o botão a envia de novo.</translation>
    </message>
    <message>
        <source>You already answered the satisfaction survey.</source>
        <translation>Você já respondeu à pesquisa de satisfação.</translation>
    </message>
    <message>
        <source>The satisfaction survey of this portal is answered in the portal.</source>
        <translation>A pesquisa de satisfação deste portal é respondida no portal.</translation>
    </message>
    <message>
        <source>Sending your rating…</source>
        <translation>Enviando sua avaliação…</translation>
    </message>
    <message>
        <source>Thank you: your rating was recorded.</source>
        <translation>Obrigado: sua avaliação foi registrada.</translation>
    </message>
    <message>
        <source>Rating recorded.</source>
        <translation>Avaliação registrada.</translation>
    </message>
    <message>
        <source>Collecting what the analyst asked for…</source>
        <translation>Coletando o que o analista pediu…</translation>
    </message>
    <message>
        <source>Nothing was sent.</source>
        <translation>Nada foi enviado.</translation>
    </message>
    <message>
        <source>Sending the answer to ticket #%1…</source>
        <translation>Enviando a resposta ao chamado #%1…</translation>
    </message>
    <message>
        <source>Sent: the analyst&apos;s request was answered on ticket #%1.</source>
        <translation>Enviado: o pedido do analista foi respondido no chamado #%1.</translation>
    </message>
    <message>
        <source>The answer waits in the send queue: %1</source>
        <translation>A resposta espera na fila de envio: %1</translation>
    </message>
</context>
<context>
    <name>TicketsWindow</name>
    <message>
        <source>My tickets — RM Diagnostic Collector</source>
        <translation>Meus chamados — Coletor de Diagnóstico RM</translation>
    </message>
    <message>
        <source>My tickets</source>
        <translation>Meus chamados</translation>
    </message>
    <message>
        <source>&amp;New ticket</source>
        <translation>&amp;Novo chamado</translation>
    </message>
    <message>
        <source>&amp;Sign in to the portal</source>
        <translation>&amp;Entrar no portal</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Atualizar</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Chamado</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Assunto</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Last interaction</source>
        <translation>Última interação</translation>
    </message>
    <message>
        <source>Next change (forecast)</source>
        <translation>Próxima mudança (previsão)</translation>
    </message>
    <message>
        <source>New replies</source>
        <translation>Respostas novas</translation>
    </message>
    <message>
        <source>Double-click a ticket (or press Enter) to open it</source>
        <translation>Clique duas vezes num chamado (ou tecle Enter) para abri-lo</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>A&amp;brir</translation>
    </message>
    <message>
        <source>Open in the &amp;portal</source>
        <translation>Abrir no &amp;portal</translation>
    </message>
    <message>
        <source>Send queue (not delivered yet)</source>
        <translation>Fila de envio (ainda não entregue)</translation>
    </message>
    <message>
        <source>Try &amp;again</source>
        <translation>&amp;Tentar de novo</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Descartar</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Tentativas</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Criado em</translation>
    </message>
    <message>
        <source>The portal asked to wait: next refresh in %1 s.</source>
        <translation>O portal pediu para aguardar: nova atualização em %1 s.</translation>
    </message>
    <message>
        <source>Updating…</source>
        <translation>Atualizando…</translation>
    </message>
    <message>
        <source>Could not read your tickets: %1</source>
        <translation>Não foi possível ler seus chamados: %1</translation>
    </message>
    <message>
        <source>Sign in to the portal to see your tickets.</source>
        <translation>Entre no portal para ver seus chamados.</translation>
    </message>
    <message>
        <source>You have no tickets on this portal yet.</source>
        <translation>Você ainda não tem chamados neste portal.</translation>
    </message>
    <message>
        <source>Tickets with new replies: %1.</source>
        <translation>Chamados com respostas novas: %1.</translation>
    </message>
    <message>
        <source>No new replies.</source>
        <translation>Nenhuma resposta nova.</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 em %2</translation>
    </message>
    <message>
        <source>Send queue: nothing waiting to be sent.</source>
        <translation>Fila de envio: nada aguardando envio.</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>falhou: %1</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>falhou</translation>
    </message>
    <message>
        <source>queued (next attempt on %1)</source>
        <translation>na fila (nova tentativa em %1)</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>na fila</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>enviando</translation>
    </message>
    <message>
        <source>filing the ticket</source>
        <translation>registrando o chamado</translation>
    </message>
    <message>
        <source>checking whether the ticket was already filed</source>
        <translation>verificando se o chamado já foi aberto</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>entregue</translation>
    </message>
    <message>
        <source>waiting for you to sign in again (sign in to the portal to send it)</source>
        <translation>aguardando entrar de novo (entre de novo no portal para enviar)</translation>
    </message>
    <message>
        <source>Sign in in the browser window that opened…</source>
        <translation>Entre no portal na janela do navegador que abriu…</translation>
    </message>
    <message>
        <source>Sending “%1”…</source>
        <translation>Enviando “%1”…</translation>
    </message>
    <message>
        <source>Discard the bundle</source>
        <translation>Descartar o pacote</translation>
    </message>
    <message>
        <source>Discard the bundle &quot;%1&quot; from the send queue? Its files are deleted from this computer.</source>
        <translation>Descartar o pacote &quot;%1&quot; da fila de envio? Os arquivos dele são apagados deste computador.</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>&amp;Capture screen</source>
        <translation>&amp;Capturar tela</translation>
    </message>
    <message>
        <source>&amp;Record screen</source>
        <translation>&amp;Gravar tela</translation>
    </message>
    <message>
        <source>&amp;New ticket</source>
        <translation>&amp;Novo chamado</translation>
    </message>
    <message>
        <source>&amp;My tickets</source>
        <translation>&amp;Meus chamados</translation>
    </message>
    <message>
        <source>Open a ticket with this &amp;error</source>
        <translation>Abrir um chamado com este &amp;erro</translation>
    </message>
    <message>
        <source>&amp;Options</source>
        <translation>&amp;Opções</translation>
    </message>
    <message>
        <source>&amp;Notify me about my tickets</source>
        <translation>&amp;Avisar sobre os meus chamados</translation>
    </message>
    <message>
        <source>Offer a ticket for new &amp;RMError files</source>
        <translation>Oferecer um chamado para novos arquivos &amp;RMError</translation>
    </message>
    <message>
        <source>&amp;Start with my session</source>
        <translation>&amp;Iniciar com a minha sessão</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <source>RM Diagnostic Collector</source>
        <translation>Coletor de Diagnóstico RM</translation>
    </message>
    <message>
        <source>Could not change the start with the session: %1</source>
        <translation>Não foi possível mudar o início com a sessão: %1</translation>
    </message>
    <message>
        <source>Ticket #%1</source>
        <translation>Chamado #%1</translation>
    </message>
    <message>
        <source>The analyst asked for: %1. Open “My tickets” to send it.</source>
        <translation>O analista pediu: %1. Abra “Meus chamados” para enviar.</translation>
    </message>
    <message>
        <source>Status changed: %1 → %2</source>
        <translation>O status mudou: %1 → %2</translation>
    </message>
    <message>
        <source>Open a ticket with this error (%1)</source>
        <translation>Abrir um chamado com este erro (%1)</translation>
    </message>
    <message>
        <source>New RMError file</source>
        <translation>Novo arquivo RMError</translation>
    </message>
    <message>
        <source>%1 appeared. Open a ticket with this error? Click here, or use the tray menu.</source>
        <translation>%1 apareceu. Abrir um chamado com este erro? Clique aqui ou use o menu da bandeja.</translation>
    </message>
</context>
</TS>
